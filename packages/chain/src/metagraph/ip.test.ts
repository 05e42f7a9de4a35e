import { describe, expect, it } from 'vitest';
import { decodeIp } from './ip';

describe('decodeIp', () => {
  it('reads IPv4 from the low 32 bits', () => {
    expect(decodeIp(0x01020304n, 4)).toBe('1.2.3.4');
    expect(decodeIp(2671882449n, 4)).toBe('159.65.176.209');
    expect(decodeIp(0n, 0)).toBe('0.0.0.0');
  });

  it('prints IPv6 as Python ipaddress does (longest zero run compressed, lowercase)', () => {
    expect(decodeIp(0x20010db8000000000000000000000001n, 6)).toBe('2001:db8::1');
    expect(decodeIp(0x20010db8000000010000000000000000n, 6)).toBe('2001:db8:0:1::');
    expect(decodeIp(0x00000000000000000000ffff01020304n, 6)).toBe('::ffff:102:304');
    expect(decodeIp(0x20010db8000100000001000100010001n, 6)).toBe('2001:db8:1:0:1:1:1:1');
    expect(decodeIp(0n, 6)).toBe('::');
  });
});
