/**
 * The weight-setting task (reference §4.8, on our own chain client): every tick, under a PostgreSQL
 * advisory lock, it first reveals due CR-v2 commits, then, when the current block is inside the
 * commit window and this interval has no finished `weight_setting` row, it turns the scores of the
 * `ScoreSource` into a u16 vector and sends it:
 *   - commit-reveal off: `set_weights`;
 *   - on, with the chain's CommitRevealWeightsVersion 4 (and mode `auto`): `commit_timelocked_weights`
 *     (the chain reveals by itself);
 *   - on otherwise (or mode `v2`): the commit record is saved, then `commit_weights`; the reveal step
 *     reveals it in its reveal epoch.
 * Every try is appended to the cycle's row; a retryable failure leaves the cycle pending (next tick),
 * any other ends it as failed.
 */
import { commitRevealWindows, generateSalt, inRange, legacyEpochClock, newCommitRecord } from '@horde/chain';
import { periodic } from '@horde/service';
import type { ChainWriter, CommitRecord, EpochClock, Hyperparameters, Metagraph, TxReceipt } from '@horde/chain';
import type { Logger, PeriodicTask } from '@horde/service';
import type { ValidatorDb } from '../../db/database';
import type { WeightMode } from '../../db/schema';
import type { CycleOutcome, WeightsRepo } from '../../db/weights';
import type { ValidatorMetrics } from '../../observability/metrics';
import { validatorErrors } from '../../errors';
import { WEIGHT_SETTING_LOCK_CLASS, withAdvisoryLock } from './advisory-lock';
import { failureInfo } from './errors';
import { Revealer } from './reveals';
import type { RevealSummary } from './reveals';
import type { ScoreSource, WeightCycle } from './score-source';
import type { TimelockCommitter } from './timelock';
import { weightVector } from './weight-vector';
import { weightWindows } from './windows';
import type { WindowOverrides } from './windows';

/** The reads the task needs (a ChainClient has them all). */
export interface WeightsChain {
  currentBlock(): Promise<number>;
  metagraph(netuid: number): Promise<Metagraph>;
  hyperparameters(netuid: number): Promise<Hyperparameters>;
  commitRevealVersion(): Promise<number>;
}

export type CommitRevealMode = 'auto' | 'v2';

/** The CommitRevealWeightsVersion whose commits are the timelocked ones we build (finney's). */
const TIMELOCK_VERSION = 4;

export interface WeightSetterOptions {
  readonly db: ValidatorDb;
  readonly chain: WeightsChain;
  readonly writer: ChainWriter;
  /** The signing hotkey's public key (the writer's address is its SS58 form). */
  readonly hotkeyPublicKey: Uint8Array;
  readonly weights: WeightsRepo;
  readonly scores: ScoreSource;
  readonly netuid: number;
  readonly windows?: WindowOverrides;
  readonly mode?: CommitRevealMode;
  /** Needed for CR-v4; without it a v4 chain needs `mode: 'v2'`. */
  readonly timelock?: TimelockCommitter;
  readonly tickMs: number;
  readonly logger: Logger;
  readonly now?: () => Date;
  readonly metrics?: ValidatorMetrics;
}

export type TickResult =
  | { readonly action: 'locked' | 'chain-error' }
  | { readonly action: 'outside-window' | 'already-set'; readonly block: number; readonly reveals: RevealSummary }
  | { readonly action: 'attempted'; readonly block: number; readonly reveals: RevealSummary; readonly cycleStart: number; readonly status: 'done' | 'pending' | 'failed' | 'skipped' };

interface Sent {
  readonly mode: WeightMode;
  readonly receipt: TxReceipt;
  readonly revealRound?: number;
}

export class WeightSetter {
  private readonly log: Logger;
  private readonly revealer: Revealer;
  private readonly periodic: PeriodicTask;
  private readonly now: () => Date;

  constructor(private readonly options: WeightSetterOptions) {
    this.log = options.logger.child({ component: 'weights', netuid: options.netuid });
    this.revealer = new Revealer({ writer: options.writer, weights: options.weights, netuid: options.netuid, logger: this.log });
    this.periodic = periodic('weight-setting', options.tickMs, async () => {
      await this.tick();
    }, this.log);
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    this.periodic.start();
  }

  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** One tick; does nothing when another process holds the weight-setting lock. */
  async tick(): Promise<TickResult> {
    const locked = await withAdvisoryLock(this.options.db, [WEIGHT_SETTING_LOCK_CLASS, this.options.netuid], () => this.tickLocked());
    return locked.acquired ? locked.value : { action: 'locked' };
  }

  private async tickLocked(): Promise<TickResult> {
    const { chain, netuid } = this.options;
    let block: number;
    let params: Hyperparameters;
    try {
      block = await chain.currentBlock();
      params = await chain.hyperparameters(netuid);
    } catch (err) {
      this.log.warn({ code: failureInfo(err).code, err }, 'chain read failed; weights tick skipped');
      return { action: 'chain-error' };
    }
    this.options.metrics?.blockSeen(block);
    const clock = legacyEpochClock({ netuid, tempo: params.tempo });
    const reveals = await this.revealer.run(block, clock);
    this.options.metrics?.pendingReveals(reveals.waiting);
    const windows = commitRevealWindows(block, weightWindows(params.tempo, this.options.windows));
    if (!inRange(block, windows.commit)) return { action: 'outside-window', block, reveals };
    const row = await this.options.weights.cycle(windows.interval.start);
    if (row && row.status !== 'pending') return { action: 'already-set', block, reveals };
    const cycle: WeightCycle = { start: windows.interval.start, end: windows.interval.end, block, at: this.now() };
    const status = await this.attempt(cycle, params, clock);
    return { action: 'attempted', block, reveals, cycleStart: cycle.start, status };
  }

  private async attempt(cycle: WeightCycle, params: Hyperparameters, clock: EpochClock): Promise<'done' | 'pending' | 'failed' | 'skipped'> {
    const { weights, netuid } = this.options;
    const record = (status: 'done' | 'pending' | 'failed' | 'skipped', extra: Omit<CycleOutcome, 'status'>): Promise<void> => {
      this.options.metrics?.weightSetting(status, extra.attempt.mode);
      return weights.recordAttempt(cycle.start, cycle.end, { ...extra, status });
    };
    const at = cycle.at.toISOString();
    const log = this.log.child({ cycleStart: cycle.start, block: cycle.block });
    let mode: WeightMode | null = null;
    try {
      const [scores, metagraph] = await Promise.all([this.options.scores.scores(cycle), this.options.chain.metagraph(netuid)]);
      const vector = weightVector(scores, metagraph, params, this.options.writer.address);
      if (!vector.ok) {
        const status = vector.reason === 'NO_SCORES' ? 'skipped' : 'failed';
        await record(status, { attempt: { at, block: cycle.block, mode, outcome: status, error: vector.reason }, uids: vector.uids, weights: vector.weights });
        log.warn({ reason: vector.reason, outcome: status }, 'no weights set this cycle');
        return status;
      }
      mode = await this.mode(params);
      const sent = await this.send(mode, cycle, params, clock, vector.uids, vector.weights);
      await record('done', {
        attempt: { at, block: cycle.block, mode, outcome: 'sent' },
        mode,
        uids: vector.uids,
        weights: vector.weights,
        txHash: sent.receipt.txHash,
        txBlock: sent.receipt.blockNumber,
        ...(sent.revealRound === undefined ? {} : { revealRound: String(sent.revealRound) }),
      });
      log.info({ mode, uids: vector.uids.length, txBlock: sent.receipt.blockNumber, outcome: 'sent' }, 'weights sent');
      return 'done';
    } catch (err) {
      const failure = failureInfo(err);
      const status = failure.retryable ? 'pending' : 'failed';
      await record(status, { attempt: { at, block: cycle.block, mode, outcome: failure.retryable ? 'retry' : 'failed', error: failure.code, detail: failure.detail }, mode });
      log.warn({ mode, code: failure.code, retryable: failure.retryable, err, outcome: status }, 'weight setting failed');
      return status;
    }
  }

  private async mode(params: Hyperparameters): Promise<WeightMode> {
    if (!params.commitRevealEnabled) return 'set';
    if (this.options.mode === 'v2') return 'v2';
    return (await this.options.chain.commitRevealVersion()) === TIMELOCK_VERSION ? 'v4' : 'v2';
  }

  private async send(mode: WeightMode, cycle: WeightCycle, params: Hyperparameters, clock: EpochClock, uids: number[], values: number[]): Promise<Sent> {
    const { writer, netuid } = this.options;
    const versionKey = params.weightsVersion;
    switch (mode) {
      case 'set':
        return { mode, receipt: await writer.setWeights({ netuid, uids, weights: values, versionKey }) };
      case 'v2':
        return { mode, receipt: await this.commitV2(cycle, params, clock, uids, values) };
      case 'v4': {
        const timelock = this.options.timelock;
        if (!timelock) throw validatorErrors.error('CONFIG_INVALID', 'the chain takes CR-v4 (timelock) commits and no timelock is configured; set VALIDATOR_COMMIT_REVEAL_MODE=v2');
        const sealed = await timelock.encrypt({ hotkeyPublicKey: this.options.hotkeyPublicKey, uids, values, versionKey, clock, currentBlock: cycle.block, revealPeriod: params.commitRevealPeriod });
        const receipt = await writer.commitTimelockedWeights({ netuid, commit: sealed.commit, revealRound: sealed.revealRound, commitRevealVersion: TIMELOCK_VERSION });
        return { mode, receipt, revealRound: sealed.revealRound };
      }
      default: {
        const unknown: never = mode;
        throw new Error(`unknown weight mode ${String(unknown)}`);
      }
    }
  }

  /** Saves the commit record, then sends its hash; the reveal epoch is re-read from the block it landed in. */
  private async commitV2(cycle: WeightCycle, params: Hyperparameters, clock: EpochClock, uids: number[], values: number[]): Promise<TxReceipt> {
    const { weights, writer, netuid } = this.options;
    const record = newCommitRecord({
      netuid,
      hotkey: writer.address,
      uids,
      values,
      salt: generateSalt(),
      versionKey: params.weightsVersion,
      commitBlock: cycle.block,
      commitEpoch: clock.epochIndex(cycle.block),
      revealPeriodEpochs: params.commitRevealPeriod,
    });
    const id = await weights.saveCommit(cycle.start, record);
    let receipt: TxReceipt;
    try {
      receipt = await writer.commitWeights({ netuid, commitHash: record.commitHash });
    } catch (err) {
      // An extrinsic that may still land stays open (the reveal step settles it); any other never will.
      const failure = failureInfo(err);
      if (failure.code !== 'TX_INCLUSION_TIMEOUT') await weights.markCommit(id, 'failed', failure.code);
      throw err;
    }
    const landed: CommitRecord = { ...record, commitBlock: receipt.blockNumber, revealEpoch: clock.epochIndex(receipt.blockNumber) + params.commitRevealPeriod };
    await weights.markCommitted(id, receipt.blockNumber, landed);
    return receipt;
  }
}
