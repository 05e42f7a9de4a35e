import { u8aToHex } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import { hotkeyFromMnemonic, hotkeyFromSecret, hotkeyFromSeed, ss58FromPublicKey } from './keys';
import { ready, sign, verify } from './sign';

const ALICE_SEED = '0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a';
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
const DEV_PHRASE_SEED = '0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e';
const DEV_PHRASE_ADDRESS = '5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV';

describe('keys', () => {
  // Deliberately first and without `await ready()`: sr25519 is pure JS in util-crypto 14.
  it('makes keys, signs and verifies before ready() resolves', () => {
    const alice = hotkeyFromSeed(ALICE_SEED);
    expect(alice.address).toBe(ALICE);
    expect(verify('hello', sign(alice, 'hello'), ALICE)).toBe(true);
  });

  it('ready() resolves once and is shared', async () => {
    const first = ready();
    expect(ready()).toBe(first);
    await expect(first).resolves.toBeUndefined();
  });

  it("Alice's seed gives Alice's address, with or without 0x, from bytes too", () => {
    expect(hotkeyFromSeed(ALICE_SEED.slice(2)).address).toBe(ALICE);
    const fromBytes = hotkeyFromSeed(Uint8Array.from(Buffer.from(ALICE_SEED.slice(2), 'hex')));
    expect(fromBytes.address).toBe(ALICE);
    expect(u8aToHex(fromBytes.secretSeed)).toBe(ALICE_SEED);
    expect(fromBytes.secretPhrase).toBeUndefined();
  });

  it('a phrase gives the same key as its mini-secret seed', () => {
    const fromPhrase = hotkeyFromMnemonic(DEV_PHRASE);
    expect(fromPhrase.address).toBe(DEV_PHRASE_ADDRESS);
    expect(u8aToHex(fromPhrase.secretSeed)).toBe(DEV_PHRASE_SEED);
    expect(fromPhrase.secretPhrase).toBe(DEV_PHRASE);
    expect(hotkeyFromSecret({ seed: DEV_PHRASE_SEED }).address).toBe(DEV_PHRASE_ADDRESS);
    expect(hotkeyFromSecret({ mnemonic: DEV_PHRASE }).address).toBe(DEV_PHRASE_ADDRESS);
  });

  it('refuses bad secrets with SECRET_INVALID', () => {
    const invalid = expect.objectContaining({ code: 'SECRET_INVALID' });
    expect(() => hotkeyFromSeed('0x1234')).toThrow(invalid);
    expect(() => hotkeyFromSeed(`0x${'zz'.repeat(32)}`)).toThrow(invalid);
    expect(() => hotkeyFromSeed(new Uint8Array(31))).toThrow(invalid);
    expect(() => hotkeyFromMnemonic('bottom drive obey lake curtain smoke basket hold race lonely fit fit')).toThrow(invalid);
  });

  it('ss58FromPublicKey takes bytes or hex, and refuses other lengths', () => {
    const alice = hotkeyFromSeed(ALICE_SEED);
    expect(ss58FromPublicKey(alice.publicKey)).toBe(ALICE);
    expect(ss58FromPublicKey(u8aToHex(alice.publicKey))).toBe(ALICE);
    expect(ss58FromPublicKey(u8aToHex(alice.publicKey, -1, false))).toBe(ALICE);
    expect(() => ss58FromPublicKey('0x1234')).toThrow(expect.objectContaining({ code: 'PUBLIC_KEY_INVALID' }));
  });
});
