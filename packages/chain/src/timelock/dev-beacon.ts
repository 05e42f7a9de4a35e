/**
 * A devnet beacon for the devchain: a BLS12-381 key pair that signs rounds exactly as drand
 * quicknet does (signature in G1 over sha256(round u64 BE) with quicknet's hash-to-curve tag,
 * public key in G2), so commits timelocked to its public key open with its pulses, through the same
 * `tle` code the chain runs. Deterministic from a seed; never use one outside tests and devnets.
 */
import { createHash } from 'node:crypto';
import { bls12_381 } from '@noble/curves/bls12-381';
import type { Beacon } from './beacon';
import { QUICKNET, QUICKNET_DST, roundIdentity } from './beacon';

export interface DevBeacon extends Beacon {
  /** The beacon's signature for `round` (compressed G1, 48 bytes): what `Drand.Pulses` would hold. */
  pulse(round: number): Uint8Array;
}

export interface DevBeaconOptions {
  /** Unix time (s) of round 1; quicknet's unless given, so rounds follow the wall clock as on finney. */
  readonly genesis?: number;
  /** Seconds per round; quicknet's 3 unless given. */
  readonly period?: number;
}

const { shortSignatures } = bls12_381;

function secretFromSeed(seed: string | Uint8Array): bigint {
  const digest = createHash('sha256').update('horde devnet beacon\0').update(seed).digest();
  return (BigInt(`0x${digest.toString('hex')}`) % (bls12_381.params.r - 1n)) + 1n;
}

/** The beacon whose key is derived from `seed`. */
export function devBeacon(seed: string | Uint8Array, options: DevBeaconOptions = {}): DevBeacon {
  const secret = secretFromSeed(seed);
  return {
    publicKey: shortSignatures.getPublicKey(secret).toBytes(true),
    genesis: options.genesis ?? QUICKNET.genesis,
    period: options.period ?? QUICKNET.period,
    pulse(round) {
      return shortSignatures.sign(shortSignatures.hash(roundIdentity(round), QUICKNET_DST), secret).toBytes(true);
    },
  };
}
