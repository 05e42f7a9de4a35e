/**
 * SCALE written by hand, independently of polkadot-js, for byte-for-byte tests of what the
 * package encodes: little-endian integers, compact lengths (modes 0, 1 and 2) and Vec<u16>.
 */

/** `value` as `bytes` little-endian bytes. */
export function le(value: bigint | number, bytes: number): number[] {
  const out: number[] = [];
  let v = BigInt(value);
  for (let i = 0; i < bytes; i++) {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  }
  return out;
}

/** A compact integer below 2^30. */
export function compact(n: number): number[] {
  if (n < 64) return [n << 2];
  if (n < 1 << 14) return le((n << 2) | 1, 2);
  return le(n * 4 + 2, 4);
}

/** `Vec<u16>`: compact length, then each value as two bytes. */
export function vecU16(xs: readonly number[]): number[] {
  return [...compact(xs.length), ...xs.flatMap((x) => le(x, 2))];
}
