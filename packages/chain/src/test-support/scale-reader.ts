/**
 * A tiny SCALE reader, independent of polkadot-js, for tests that check our decoded values against
 * the raw recorded bytes.
 */
export class ScaleReader {
  offset = 0;

  constructor(readonly bytes: Uint8Array) {}

  static fromHex(hex: string): ScaleReader {
    return new ScaleReader(Uint8Array.from(Buffer.from(hex.replace(/^0x/, ''), 'hex')));
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  raw(n: number): Uint8Array {
    if (n > this.remaining) throw new RangeError(`read ${n} bytes at ${this.offset}, ${this.remaining} left`);
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /** Little-endian unsigned integer of `n` bytes. */
  uint(n: number): bigint {
    const b = this.raw(n);
    let v = 0n;
    for (let i = n - 1; i >= 0; i -= 1) v = (v << 8n) | BigInt(b[i] as number);
    return v;
  }

  u8(): number {
    return Number(this.uint(1));
  }

  bool(): boolean {
    return this.u8() === 1;
  }

  compact(): bigint {
    const first = this.bytes[this.offset] as number;
    switch (first & 3) {
      case 0:
        return this.uint(1) >> 2n;
      case 1:
        return this.uint(2) >> 2n;
      case 2:
        return this.uint(4) >> 2n;
      default:
        this.offset += 1;
        return this.uint((first >> 2) + 4);
    }
  }
}

/** SCALE compact encoding, for looking decoded values up in raw bytes. */
export function encodeCompact(value: bigint): Uint8Array {
  if (value < 1n << 6n) return Uint8Array.of(Number(value << 2n));
  if (value < 1n << 14n) return le((value << 2n) | 1n, 2);
  if (value < 1n << 30n) return le((value << 2n) | 2n, 4);
  let n = 0;
  while (value >> BigInt(8 * n) > 0n) n += 1;
  return Uint8Array.of(((n - 4) << 2) | 3, ...le(value, n));
}

/** Little-endian bytes of `value`, `n` long. */
export function le(value: bigint, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => Number((value >> BigInt(8 * i)) & 0xffn));
}
