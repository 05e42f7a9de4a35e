/**
 * Randomness beacons that timelock commits are encrypted to: drand quicknet (what subtensor's
 * `Drand.Pulses` ingests) and the shape a devnet beacon shares with it. A quicknet-style beacon
 * signs, for round r, the identity sha256(r as u64 big-endian) with BLS12-381 (signatures in G1,
 * public key in G2); round 1 is emitted at `genesis` and one round follows every `period` seconds.
 */
import { createHash } from 'node:crypto';
import { hexToU8a } from '@polkadot/util';
import { timelockErrors } from './errors';

export interface Beacon {
  /** The beacon's public key, compressed G2 (96 bytes). */
  readonly publicKey: Uint8Array;
  /** Unix time (s) of round 1. */
  readonly genesis: number;
  /** Seconds between rounds. */
  readonly period: number;
}

export interface Quicknet extends Beacon {
  /** drand's id of the quicknet chain (hash of its info), as hex without 0x. */
  readonly chainHash: string;
}

/** drand quicknet, as pinned by subtensor's drand pallet and bittensor-drand. */
export const QUICKNET: Quicknet = Object.freeze({
  publicKey: hexToU8a(
    '0x83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  ),
  chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  genesis: 1_692_803_367,
  period: 3,
});

/** Domain separation tag of quicknet signatures (hash to G1, RFC 9380). */
export const QUICKNET_DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';

export function checkRound(round: number): void {
  if (!Number.isSafeInteger(round) || round < 1) throw timelockErrors.error('TIMELOCK_INPUT_INVALID', `round must be a positive integer, got ${round}`);
}

/** The message a quicknet-style beacon signs for `round`: sha256 of the round as u64 big-endian. */
export function roundIdentity(round: number): Uint8Array {
  checkRound(round);
  const be = new Uint8Array(8);
  new DataView(be.buffer).setBigUint64(0, BigInt(round), false);
  return new Uint8Array(createHash('sha256').update(be).digest());
}

/** The latest round the beacon has emitted at Unix time `seconds` (0 before genesis). */
export function latestRound(beacon: Pick<Beacon, 'genesis' | 'period'>, seconds: number): number {
  if (seconds < beacon.genesis) return 0;
  return Math.floor((seconds - beacon.genesis) / beacon.period) + 1;
}
