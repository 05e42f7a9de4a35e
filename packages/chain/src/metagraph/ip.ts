/** Axon IPs: subtensor stores them as a u128 plus an ip_type of 4 or 6. */

function ipv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 0xffn).toString()).join('.');
}

/** RFC 5952 form, as Python's `str(ipaddress.IPv6Address(n))`: the longest run (>= 2) of zero groups becomes '::'. */
function ipv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { start: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > best.len) best = { start: i, len: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.len < 2) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.len).join(':')}`;
}

/** Decodes an on-chain axon IP; an ip_type other than 6 is read as IPv4 (never-served axons have type 0 and ip 0). */
export function decodeIp(value: bigint, ipType: number): string {
  return ipType === 6 ? ipv6(value) : ipv4(value);
}
