import { describe, expect, it } from 'vitest';
import type { Axon } from '@horde/chain';
import { sameAxon } from './axon-announcer';

const onChain = (axon: Partial<Axon>): Axon => ({ ip: '203.0.113.7', ipType: 4, port: 8000, protocol: 4, version: 1000, block: 10, ...axon });
const wanted = { ip: '203.0.113.7', port: 8000, protocol: 4, version: 1000 };

describe('sameAxon', () => {
  it('is true when ip, port, protocol and version match (the block does not count)', () => {
    expect(sameAxon(onChain({ block: 99 }), wanted)).toBe(true);
  });

  it('compares IPv6 addresses by value, not by spelling', () => {
    expect(sameAxon(onChain({ ip: '2001:db8::7', ipType: 6 }), { ...wanted, ip: '2001:0db8:0:0:0:0:0:0007' })).toBe(true);
  });

  it('is false when any announced field differs, or when the axon was never served', () => {
    expect(sameAxon(onChain({ port: 8001 }), wanted)).toBe(false);
    expect(sameAxon(onChain({ ip: '203.0.113.8' }), wanted)).toBe(false);
    expect(sameAxon(onChain({ protocol: 0 }), wanted)).toBe(false);
    expect(sameAxon(onChain({ version: 999 }), wanted)).toBe(false);
    expect(sameAxon(onChain({ ip: '0.0.0.0', ipType: 0, port: 0, protocol: 0, version: 0, block: 0 }), { ...wanted, ip: '0.0.0.0', port: 0, protocol: 0, version: 0 })).toBe(false);
  });
});
