/**
 * Axon addresses as subtensor stores them: the IP as an integer in a u128 with `ip_type` 4 or 6
 * (IPv4 1.2.3.4 → 0x01020304; IPv6 as its 128-bit value), as bittensor's `ip_to_int` does.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { chainWriteError } from './errors';

export interface ChainIp {
  readonly ip: bigint;
  readonly ipType: 4 | 6;
}

function ipv4ToInt(ip: string): bigint {
  return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

/** Expands an IPv6 text (with `::` and an optional dotted IPv4 tail) into its 8 groups. */
function ipv6Groups(ip: string): number[] {
  let text = ip;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const v4 = Number(ipv4ToInt(dotted[1]));
    text = `${text.slice(0, dotted.index)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => Number.parseInt(g, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const zeros = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...new Array<number>(zeros).fill(0), ...right];
}

/** Converts an IPv4 or IPv6 string to the chain's (ip, ip_type). Zone ids (`%eth0`) are rejected. */
export function ipToChain(ip: string): ChainIp {
  if (isIPv4(ip)) return { ip: ipv4ToInt(ip), ipType: 4 };
  if (isIPv6(ip) && !ip.includes('%')) {
    return { ip: ipv6Groups(ip).reduce((acc, g) => (acc << 16n) | BigInt(g), 0n), ipType: 6 };
  }
  throw chainWriteError('AXON_IP_INVALID', ip);
}
