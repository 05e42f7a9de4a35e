import { hexToU8a } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import { QUICKNET, roundIdentity } from './beacon';
import { timelockErrors } from './errors';
import { timelockDecrypt, timelockEncrypt } from './tlock';

/** drand quicknet's signature of round 1000 (the test vector of ideal-lab5/timelock tlock.rs). */
const ROUND_1000_SIGNATURE = hexToU8a('0xb44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39');

const payload = new TextEncoder().encode('weights for round 1000');

function expectCode(run: () => unknown, code: Parameters<typeof timelockErrors.is>[1]): void {
  let thrown: unknown;
  try {
    run();
  } catch (err) {
    thrown = err;
  }
  expect(timelockErrors.is(thrown, code), String(thrown)).toBe(true);
}

describe('timelock encryption against drand quicknet', () => {
  it('identity is sha256 of the round as u64 big-endian', () => {
    // python3: hashlib.sha256((1000).to_bytes(8, 'big')).hexdigest()
    expect(Buffer.from(roundIdentity(1000)).toString('hex')).toBe('f652498d092acd949bad74e40683bf3824fb817980504a0c7e6722cfc5a9c0a3');
  });

  it('a payload encrypted to round 1000 opens with the real round-1000 signature', () => {
    const ciphertext = timelockEncrypt(payload, 1000, { publicKey: QUICKNET.publicKey });
    expect(timelockDecrypt(ciphertext, ROUND_1000_SIGNATURE)).toEqual(payload);
  });

  it('is randomised: two encryptions differ, a fixed ephemeral secret still round-trips', () => {
    const a = timelockEncrypt(payload, 1000, { publicKey: QUICKNET.publicKey });
    const b = timelockEncrypt(payload, 1000, { publicKey: QUICKNET.publicKey });
    expect(a).not.toEqual(b);
    const fixed = timelockEncrypt(payload, 1000, { publicKey: QUICKNET.publicKey, ephemeralSecret: new Uint8Array(32).fill(2) });
    expect(timelockDecrypt(fixed, ROUND_1000_SIGNATURE)).toEqual(payload);
  });

  it('the round-1000 signature does not open round 1001 (typed error, no crash)', () => {
    const ciphertext = timelockEncrypt(payload, 1001, { publicKey: QUICKNET.publicKey });
    expectCode(() => timelockDecrypt(ciphertext, ROUND_1000_SIGNATURE), 'TIMELOCK_DECRYPT_FAILED');
    // the module is still usable afterwards
    expect(timelockDecrypt(timelockEncrypt(payload, 1000, { publicKey: QUICKNET.publicKey }), ROUND_1000_SIGNATURE)).toEqual(payload);
  });

  it('wrong, corrupted or malformed inputs are typed errors', () => {
    const ciphertext = timelockEncrypt(payload, 1000, { publicKey: QUICKNET.publicKey });
    const flipped = ROUND_1000_SIGNATURE.slice();
    flipped[10]! ^= 1;
    expectCode(() => timelockDecrypt(ciphertext, flipped), 'TIMELOCK_DECRYPT_FAILED');
    expectCode(() => timelockDecrypt(ciphertext, new Uint8Array(48)), 'TIMELOCK_DECRYPT_FAILED');
    expectCode(() => timelockDecrypt(ciphertext.subarray(0, 100), ROUND_1000_SIGNATURE), 'TIMELOCK_DECRYPT_FAILED');
    const body = ciphertext.slice();
    body[body.length - 20]! ^= 0xff;
    expectCode(() => timelockDecrypt(body, ROUND_1000_SIGNATURE), 'TIMELOCK_DECRYPT_FAILED');
    expectCode(() => timelockDecrypt(ciphertext, ROUND_1000_SIGNATURE.subarray(1)), 'TIMELOCK_INPUT_INVALID');
    expectCode(() => timelockEncrypt(payload, 0, { publicKey: QUICKNET.publicKey }), 'TIMELOCK_INPUT_INVALID');
    expectCode(() => timelockEncrypt(payload, 1.5, { publicKey: QUICKNET.publicKey }), 'TIMELOCK_INPUT_INVALID');
    expectCode(() => timelockEncrypt(payload, 1000, { publicKey: QUICKNET.publicKey.subarray(1) }), 'TIMELOCK_INPUT_INVALID');
    expectCode(() => timelockEncrypt(payload, 1000, { publicKey: new Uint8Array(96) }), 'TIMELOCK_INPUT_INVALID');
    expectCode(() => timelockEncrypt(payload, 1000, { publicKey: QUICKNET.publicKey, ephemeralSecret: new Uint8Array(31) }), 'TIMELOCK_INPUT_INVALID');
  });
});
