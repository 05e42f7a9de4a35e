/**
 * Weights (subnets/weights.rs): `set_weights`, commit-reveal v2 `commit_weights`/`reveal_weights`
 * and v4 `commit_timelocked_weights`, in the runtime's order of checks. Not modelled: the stake
 * threshold (the devchain's is 0) and the subnet-owner exemption from the validator permit.
 */
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { commitHash } from '../weights/commit-hash';
import { weightRuleViolation } from '../weights/rules';
import { big, moduleFailure, num, numbers, subtensorEvent } from './dispatch-context';
import type { CallHandler, DispatchContext } from './dispatch-context';
import type { DispatchFailure } from './events';
import type { WeightCommit } from './state';

const fail = (name: string): DispatchFailure => moduleFailure('SubtensorModule', name);
const U16_MAX = 65535;
/** subtensor's bound on unrevealed commits per hotkey. */
const MAX_UNREVEALED = 10;

/** `vec_u16_max_upscale_to_u16`: the largest weight becomes 65535. */
function maxUpscale(values: readonly number[]): number[] {
  const max = Math.max(0, ...values);
  return max === 0 ? [...values] : values.map((v) => Math.round((v * U16_MAX) / max));
}

export interface WeightsInput {
  netuid: number;
  uids: number[];
  values: number[];
  versionKey: bigint;
}

/**
 * `do_set_weights` after the commit-reveal switch: checks everything, then stores the weights and
 * the neuron's last update. The rate limit applies only while commit-reveal is off (a reveal is
 * not rate limited).
 */
export function applyWeights(ctx: DispatchContext, hotkey: string, input: WeightsInput): DispatchFailure | undefined {
  const { state, block } = ctx;
  const { subnet } = state;
  const h = subnet.hyperparameters;
  const { uids, values } = input;
  if (input.netuid !== subnet.netuid) return fail('SubnetNotExists');
  if (uids.length !== values.length) return fail('WeightVecNotEqualSize');
  if (uids.length > subnet.neurons.length) return fail('UidsLengthExceedUidsInSubNet');
  const uid = state.uidOf(hotkey);
  const neuron = uid === undefined ? undefined : subnet.neurons[uid];
  if (uid === undefined || !neuron) return fail('HotKeyNotRegisteredInSubNet');
  if (h.weights_version !== 0 && input.versionKey < BigInt(h.weights_version)) return fail('IncorrectWeightVersionKey');
  const last = neuron.last_update;
  if (!h.commit_reveal_weights_enabled && last !== 0 && block - last < h.weights_rate_limit) return fail('SettingWeightsTooFast');
  const selfWeight = uids.length === 1 && uids[0] === uid;
  if (!neuron.validator_permit && !selfWeight) return fail('NeuronNoValidatorPermit');
  const violation = weightRuleViolation({
    uids,
    weights: values,
    subnetSize: subnet.neurons.length,
    minAllowedWeights: h.min_allowed_weights,
    maxWeightsLimit: h.max_weights_limit,
    selfUid: uid,
  });
  if (violation) return fail(violation);
  const upscaled = maxUpscale(values);
  state.weights.set(
    uid,
    uids.map((target, i) => [target, upscaled[i] ?? 0]),
  );
  neuron.last_update = block;
  ctx.emit(subtensorEvent('WeightsSet', subnet.netuid, uid));
  return undefined;
}

export const setWeights: CallHandler = (ctx, args) => {
  const netuid = num(args['netuid']);
  if (netuid === ctx.state.subnet.netuid && ctx.state.subnet.hyperparameters.commit_reveal_weights_enabled) return fail('CommitRevealEnabled');
  return applyWeights(ctx, ctx.signer, { netuid, uids: numbers(args['dests']), values: numbers(args['weights']), versionKey: big(args['version_key']) });
};

/** A commit made at `commitEpoch` can be revealed only in epoch commitEpoch + period. */
function revealEpoch(ctx: DispatchContext, commitEpoch: number): number {
  return commitEpoch + ctx.state.subnet.hyperparameters.commit_reveal_period;
}

/** First block of epoch `epoch` under the legacy rule (may be before block 0 for epoch 0). */
function epochStart(ctx: DispatchContext, epoch: number): number {
  const { netuid, tempo } = ctx.state.subnet;
  return Math.max(0, epoch * (tempo + 1) - netuid - 1);
}

/** The registered uid allowed to commit now, or the failure (shared by v2 and v4 commits). */
function commitGate(ctx: DispatchContext, netuid: number): DispatchFailure | undefined {
  const { state, block, signer } = ctx;
  const uid = state.uidOf(signer);
  const neuron = uid === undefined ? undefined : state.subnet.neurons[uid];
  if (netuid !== state.subnet.netuid || !neuron) return fail('HotKeyNotRegisteredInSubNet');
  if (neuron.last_update !== 0 && block - neuron.last_update < state.subnet.hyperparameters.weights_rate_limit) return fail('CommittingWeightsTooFast');
  return undefined;
}

function touch(ctx: DispatchContext): void {
  const uid = ctx.state.uidOf(ctx.signer);
  const neuron = uid === undefined ? undefined : ctx.state.subnet.neurons[uid];
  if (neuron) neuron.last_update = ctx.block;
}

/** The hotkey's commits still revealable now or later (expired ones dropped). */
function liveCommits(ctx: DispatchContext, commits: readonly WeightCommit[], now: number): WeightCommit[] {
  return commits.filter((c) => revealEpoch(ctx, c.epoch) >= now);
}

export const commitWeights: CallHandler = (ctx, args) => {
  const { state, block, signer, clock } = ctx;
  const netuid = num(args['netuid']);
  if (!state.subnet.hyperparameters.commit_reveal_weights_enabled) return fail('CommitRevealDisabled');
  const gate = commitGate(ctx, netuid);
  if (gate) return gate;
  const epoch = clock.epochIndex(block);
  const commits = liveCommits(ctx, state.commits.get(signer) ?? [], epoch);
  if (commits.length >= MAX_UNREVEALED) return fail('TooManyUnrevealedCommits');
  const firstRevealBlock = epochStart(ctx, revealEpoch(ctx, epoch));
  const hash = args['commit_hash']?.toHex() ?? '0x';
  state.commits.set(signer, [...commits, { hash, commitBlock: block, firstRevealBlock, lastRevealBlock: firstRevealBlock + state.subnet.tempo, epoch }]);
  touch(ctx);
  ctx.emit(subtensorEvent('WeightsCommitted', signer, netuid, hash));
  return undefined;
};

export const revealWeights: CallHandler = (ctx, args) => {
  const { state, block, signer, clock } = ctx;
  const netuid = num(args['netuid']);
  if (!state.subnet.hyperparameters.commit_reveal_weights_enabled) return fail('CommitRevealDisabled');
  const all = state.commits.get(signer) ?? [];
  if (all.length === 0) return fail('NoWeightsCommitFound');
  const now = clock.epochIndex(block);
  const live = liveCommits(ctx, all, now);
  const uids = numbers(args['uids']);
  const values = numbers(args['values']);
  const versionKey = big(args['version_key']);
  const hash = commitHash({ hotkey: signer, netuid, uids, values, salt: numbers(args['salt']), versionKey });
  const position = live.findIndex((c) => c.hash === hash);
  if (position < 0) return fail(all.some((c) => c.hash === hash) ? 'ExpiredWeightCommit' : 'InvalidRevealCommitHashNotMatch');
  const commit = live[position] as WeightCommit;
  if (now !== revealEpoch(ctx, commit.epoch)) return fail('RevealTooEarly');
  const applied = applyWeights(ctx, signer, { netuid, uids, values, versionKey });
  if (applied) return applied;
  const rest = live.slice(position + 1);
  if (rest.length === 0) state.commits.delete(signer);
  else state.commits.set(signer, rest);
  ctx.emit(subtensorEvent('WeightsRevealed', signer, netuid, hash));
  return undefined;
};

export const commitTimelockedWeights: CallHandler = (ctx, args) => {
  const { state, block, signer, clock } = ctx;
  const netuid = num(args['netuid']);
  if (!state.subnet.hyperparameters.commit_reveal_weights_enabled) return fail('CommitRevealDisabled');
  if (num(args['commit_reveal_version']) !== state.commitRevealVersion) return fail('IncorrectCommitRevealVersion');
  const gate = commitGate(ctx, netuid);
  if (gate) return gate;
  const epoch = clock.epochIndex(block);
  if (state.timelockedCommits.filter((c) => c.hotkey === signer && c.epoch === epoch).length >= MAX_UNREVEALED) return fail('TooManyUnrevealedCommits');
  const commit = args['commit']?.toU8a(true) ?? new Uint8Array();
  const revealRound = big(args['reveal_round']);
  state.timelockedCommits.push({ hotkey: signer, commitBlock: block, epoch, ciphertext: u8aToHex(commit), revealRound: revealRound.toString() });
  touch(ctx);
  ctx.emit(subtensorEvent('TimelockedWeightsCommitted', signer, netuid, blake2AsHex(commit, 256), revealRound));
  return undefined;
};
