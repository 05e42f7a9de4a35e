/**
 * Commit-reveal v4 on the devchain: at each block of a commit's reveal epoch (commit epoch +
 * commit_reveal_period) the chain itself opens the timelocked commit with the drand pulse of its
 * reveal round and applies the weights, if the payload's hotkey is the committer (subtensor
 * coinbase/reveal_commits.rs). Without a `DrandHook` commits stay stored, unopened.
 */
import { hexToU8a, u8aEq } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { subtensorEvent } from './dispatch-context';
import type { DispatchContext } from './dispatch-context';
import type { Beacon } from '../timelock/beacon';
import { decodeWeightsPayload } from '../timelock/payload';
import type { DecodedWeightsPayload } from '../timelock/payload';
import { applyWeights } from './dispatch-weights';
import type { TimelockedCommit } from './state';

/** The drand beacon the devchain reveals with (a devnet beacon in tests; the timelock module provides one). */
export interface DrandHook {
  /** Served as `Drand.BeaconConfig` (whole seconds only); quicknet's when absent, as on finney. */
  beacon?: Beacon;
  /** The signature of `round`, or undefined while the beacon has not produced it. */
  pulse(round: bigint): Uint8Array | undefined;
  /** The plaintext of a timelock ciphertext opened with a round signature; undefined when it does not open. */
  decrypt(ciphertext: Uint8Array, signature: Uint8Array): Uint8Array | undefined;
}

/** The v4 payload of an opened commit; undefined when it does not decode (the chain drops it). */
function decodePayload(bytes: Uint8Array): (DecodedWeightsPayload & { format: 'v4' }) | undefined {
  try {
    const payload = decodeWeightsPayload(bytes);
    return payload.format === 'v4' ? payload : undefined;
  } catch {
    return undefined;
  }
}

type Outcome = 'keep' | 'drop';

function reveal(ctx: DispatchContext, drand: DrandHook, commit: TimelockedCommit): Outcome {
  const now = ctx.clock.epochIndex(ctx.block);
  const due = commit.epoch + ctx.state.subnet.hyperparameters.commit_reveal_period;
  if (now < due) return 'keep';
  if (now > due) return 'drop';
  const signature = drand.pulse(BigInt(commit.revealRound));
  if (!signature) return 'keep';
  const plaintext = drand.decrypt(hexToU8a(commit.ciphertext), signature);
  const payload = plaintext && decodePayload(plaintext);
  if (payload && u8aEq(payload.hotkey, decodeAddress(commit.hotkey))) {
    const { netuid } = ctx.state.subnet;
    const failure = applyWeights({ ...ctx, signer: commit.hotkey }, commit.hotkey, { netuid, uids: payload.uids, values: payload.values, versionKey: payload.versionKey });
    if (!failure) ctx.emit(subtensorEvent('TimelockedWeightsRevealed', netuid, commit.hotkey));
  }
  return 'drop';
}

/** Runs at the start of block `ctx.block`, before its extrinsics (the runtime's on_initialize). */
export function revealTimelockedCommits(ctx: DispatchContext, drand: DrandHook | undefined): void {
  if (!drand) return;
  ctx.state.timelockedCommits = ctx.state.timelockedCommits.filter((commit) => reveal(ctx, drand, commit) === 'keep');
}
