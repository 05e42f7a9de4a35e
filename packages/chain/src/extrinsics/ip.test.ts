import { describe, expect, it } from 'vitest';
import { ipToChain } from './ip';

describe('axon IP encoding', () => {
  it('encodes IPv4 as its 32-bit value with type 4', () => {
    expect(ipToChain('1.2.3.4')).toEqual({ ip: 0x01020304n, ipType: 4 });
    expect(ipToChain('255.255.255.254')).toEqual({ ip: 0xfffffffen, ipType: 4 });
    expect(ipToChain('0.0.0.0')).toEqual({ ip: 0n, ipType: 4 });
  });

  it('encodes IPv6 as its 128-bit value with type 6, expanding :: and dotted tails', () => {
    expect(ipToChain('2001:db8::1')).toEqual({ ip: 0x20010db8000000000000000000000001n, ipType: 6 });
    expect(ipToChain('::ffff:1.2.3.4')).toEqual({ ip: 0xffff01020304n, ipType: 6 });
    expect(ipToChain('fe80:1:2:3:4:5:6:7')).toEqual({ ip: 0xfe800001000200030004000500060007n, ipType: 6 });
    expect(ipToChain('1::')).toEqual({ ip: 1n << 112n, ipType: 6 });
  });

  it('rejects what is not an address', () => {
    for (const bad of ['1.2.3', '256.1.1.1', 'example.com', 'fe80::1%eth0', '']) {
      expect(() => ipToChain(bad), bad).toThrow(expect.objectContaining({ code: 'AXON_IP_INVALID' }));
    }
  });
});
