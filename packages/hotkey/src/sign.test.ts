import { stringToU8a, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { sr25519PairFromSeed, sr25519Sign } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { facilitatorAuthBlob, receiptSigningBlob, validatorAuthBlob } from './blobs';
import { hotkeyErrors } from './errors';
import vectors from './fixtures/python-vectors.json';
import { hotkeyFromSeed, ss58FromPublicKey } from './keys';
import type { Hotkey } from './keys';
import type { ReceiptPayloadInput } from './receipt-payload';
import { pythonMessageBytes, ready, sign, verify } from './sign';

let signer: Hotkey;
let other: Hotkey;
let blob: string;

beforeAll(async () => {
  await ready();
  signer = hotkeyFromSeed(`0x${'11'.repeat(32)}`);
  other = hotkeyFromSeed(`0x${'22'.repeat(32)}`);
  const vector = vectors.receipts.find((v) => v.wire.includes('日本'));
  if (!vector) throw new Error('fixture lacks the non-ASCII receipt');
  blob = receiptSigningBlob(JSON.parse(vector.wire) as ReceiptPayloadInput);
  expect(blob).toBe(vector.blob);
});

/** A signature made directly with @polkadot/util-crypto, not through our sign(). */
function rawSignature(message: Uint8Array, key: Hotkey = signer): string {
  return u8aToHex(sr25519Sign(message, sr25519PairFromSeed(key.secretSeed)));
}

describe('verify', () => {
  it('accepts a util-crypto signature over a Python-identical receipt blob', () => {
    const signature = u8aToHex(signer.pair.sign(stringToU8a(blob)));
    expect(verify(blob, signature, signer.address)).toBe(true);
    expect(verify(stringToU8a(blob), signature, signer.address)).toBe(true);
  });

  it('accepts signatures with and without 0x, and over the <Bytes> wrapping', () => {
    const signature = sign(signer, blob);
    expect(signature).toMatch(/^0x[0-9a-f]{128}$/);
    expect(verify(blob, signature.slice(2), signer.address)).toBe(true);
    const wrapped = u8aToHex(signer.pair.sign(u8aWrapBytes(stringToU8a(blob))));
    expect(verify(blob, wrapped, signer.address)).toBe(true);
  });

  it('rejects a tampered blob, a wrong address, a truncated or garbage signature, without throwing', () => {
    const signature = sign(signer, blob);
    const tampered = blob.replace('"ttl": 30', '"ttl": 31');
    expect(tampered).not.toBe(blob);
    expect(verify(tampered, signature, signer.address)).toBe(false);
    expect(verify(blob, signature, other.address)).toBe(false);
    expect(verify(blob, signature.slice(0, -2), signer.address)).toBe(false);
    expect(verify(blob, `${signature}00`, signer.address)).toBe(false);
    expect(verify(blob, `0x${'zz'.repeat(64)}`, signer.address)).toBe(false);
    expect(verify(blob, '', signer.address)).toBe(false);
    expect(verify(blob, `0x${'00'.repeat(64)}`, signer.address)).toBe(false);
  });

  it('returns false for malformed addresses and non-string input', () => {
    const signature = sign(signer, blob);
    const broken = `${signer.address.slice(0, -1)}${signer.address.endsWith('a') ? 'b' : 'a'}`;
    for (const address of [broken, '', 'not-an-address', u8aToHex(signer.publicKey), '5']) {
      expect(verify(blob, signature, address)).toBe(false);
    }
    expect(verify(blob, undefined as unknown as string, signer.address)).toBe(false);
    expect(verify(blob, signature, null as unknown as string)).toBe(false);
    expect(verify(42 as unknown as string, signature, signer.address)).toBe(false);
  });

  it('verifies our sign() with the raw util-crypto verifier path too', () => {
    const message = validatorAuthBlob(signer.address, other.address, 1_741_064_767);
    expect(verify(message, rawSignature(stringToU8a(message)), signer.address)).toBe(true);
    expect(verify(message, sign(signer.pair, message), signer.address)).toBe(true);
  });
});

describe('sign', () => {
  it('signs strings as UTF-8 even when they start with 0x', () => {
    const signature = sign(signer, '0xabcd');
    expect(verify(stringToU8a('0xabcd'), signature, signer.address)).toBe(true);
    expect(verify(new Uint8Array([0xab, 0xcd]), signature, signer.address)).toBe(false);
  });

  it('facilitator auth: the validator signs its raw public key bytes', () => {
    const publicKeyHex = u8aToHex(signer.publicKey, -1, false);
    const message = facilitatorAuthBlob(publicKeyHex);
    expect(message).toEqual(signer.publicKey);
    const signature = sign(signer, message);
    expect(verify(message, signature, ss58FromPublicKey(publicKeyHex))).toBe(true);
    expect(verify(u8aToHex(signer.publicKey), signature, signer.address)).toBe(false);
  });
});

describe('pythonMessageBytes', () => {
  it('mirrors Keypair.sign: 0x-strings are hex, other strings UTF-8, bytes as is', () => {
    expect(pythonMessageBytes('0xABcd')).toEqual(new Uint8Array([0xab, 0xcd]));
    expect(pythonMessageBytes('0x0x01')).toEqual(new Uint8Array([0x01]));
    expect(pythonMessageBytes('0x')).toEqual(new Uint8Array([]));
    expect(pythonMessageBytes('é')).toEqual(new Uint8Array([0xc3, 0xa9]));
    const bytes = new Uint8Array([1, 2]);
    expect(pythonMessageBytes(bytes)).toBe(bytes);
  });

  it('throws MESSAGE_HEX_INVALID for odd-length or non-hex input after 0x', () => {
    for (const bad of ['0xabc', '0xzz', '0x12 34']) {
      expect(() => pythonMessageBytes(bad)).toThrow(expect.objectContaining({ code: 'MESSAGE_HEX_INVALID' }));
    }
    expect(hotkeyErrors.codes).toContain('MESSAGE_HEX_INVALID');
  });

  it('a signature over pythonMessageBytes verifies over the decoded bytes', () => {
    const signature = sign(signer, pythonMessageBytes('0xdeadbeef'));
    expect(verify(new Uint8Array([0xde, 0xad, 0xbe, 0xef]), signature, signer.address)).toBe(true);
  });
});

describe('verify on the WASM backend (after ready())', () => {
  it('agrees with the pure-JS backend on good, tampered, wrapped and malformed signatures', async () => {
    await ready();
    const { isReady } = await import('@polkadot/wasm-crypto');
    expect(isReady()).toBe(true);
    const key = hotkeyFromSeed(`0x${'42'.repeat(32)}`);
    const message = 'receipt blob — with non-ASCII ✓';
    const signature = sign(key, message);
    const wrapped = u8aToHex(key.pair.sign(u8aWrapBytes(stringToU8a(message))));
    expect(verify(message, signature, key.address)).toBe(true);
    expect(verify(message, wrapped, key.address)).toBe(true);
    expect(verify(`${message}!`, signature, key.address)).toBe(false);
    expect(verify(message, `0x${'00'.repeat(64)}`, key.address)).toBe(false);
    expect(verify(message, `0x${'ff'.repeat(64)}`, key.address)).toBe(false);
    expect(verify(message, signature.slice(0, 100), key.address)).toBe(false);
  });
});
