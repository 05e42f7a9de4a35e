/**
 * The `chain` role (VALIDATOR_ROLES): with VALIDATOR_CHAIN set, one chain client, the miners sync
 * from the metagraph and (VALIDATOR_WEIGHTS, on by default) the weight-setting task. A role of its
 * own rather than part of `worker`: workers scale out to many processes, while these tasks are
 * needed once per validator (the weight setting is also guarded by an advisory lock), and only this
 * process then holds a chain connection. Without VALIDATOR_CHAIN the role does nothing: miners are
 * the static VALIDATOR_MINERS.
 *
 * The chain is connected in the background: an unreachable chain never stops the other roles; the
 * connection is retried with backoff (1 s doubling to 60 s) until it succeeds. A non-retryable
 * failure (CHAIN_RUNTIME_UNSUPPORTED: a runtime we cannot read or sign for) disables the role,
 * logged as an error.
 */
import { createChainClient } from '@horde/chain';
import type { ChainClient } from '@horde/chain';
import type { Hotkey } from '@horde/hotkey';
import type { Logger, Shutdown } from '@horde/service';
import type { ValidatorDb } from './db/database';
import type { MinersRepo } from './db/miners';
import type { ReceiptsRepo } from './db/receipts';
import { WeightsRepo } from './db/weights';
import type { ValidatorEnv } from './env';
import type { ValidatorMetrics } from './observability/metrics';
import { MinerSync } from './services/miner-sync';
import { failureInfo } from './services/weights/errors';
import { ReceiptScoreSource } from './services/weights/score-source';
import { beaconTimelock } from './services/weights/timelock';
import { WeightSetter } from './services/weights/weight-setter';

export interface ChainRoleOptions {
  readonly env: ValidatorEnv;
  readonly key: Hotkey;
  readonly db: ValidatorDb;
  readonly miners: MinersRepo;
  readonly receipts: ReceiptsRepo;
  readonly logger: Logger;
  readonly shutdown: Shutdown;
  readonly metrics?: ValidatorMetrics;
}

const MAX_BACKOFF_MS = 60_000;

interface Task {
  start(): void;
  stop(): Promise<void>;
}

function tasksOn(chain: ChainClient, options: ChainRoleOptions): Task[] {
  const { env, key, logger } = options;
  const netuid = env.VALIDATOR_NETUID;
  const tasks: Task[] = [new MinerSync({ chain, netuid, miners: options.miners, logger, intervalMs: env.VALIDATOR_MINER_SYNC_S * 1000, ownHotkey: key.address, metrics: options.metrics })];
  if (env.VALIDATOR_WEIGHTS === false) return tasks;
  const blockTimeSeconds = env.VALIDATOR_CHAIN_BLOCK_TIME_S;
  tasks.push(
    new WeightSetter({
      db: options.db,
      chain,
      writer: chain.writer(key.pair),
      hotkeyPublicKey: key.publicKey,
      weights: new WeightsRepo(options.db),
      scores: new ReceiptScoreSource(options.receipts, blockTimeSeconds * 1000),
      netuid,
      windows: { length: env.VALIDATOR_WEIGHTS_INTERVAL, commitStartOffset: env.VALIDATOR_WEIGHTS_COMMIT_OFFSET, endMargin: env.VALIDATOR_WEIGHTS_MARGIN },
      mode: env.VALIDATOR_COMMIT_REVEAL_MODE,
      timelock: beaconTimelock(() => chain.drandBeacon(), { blockTimeSeconds }),
      tickMs: (env.VALIDATOR_WEIGHTS_TICK_S ?? blockTimeSeconds) * 1000,
      logger,
      metrics: options.metrics,
    }),
  );
  return tasks;
}

/** Starts the role in the background; its shutdown hook stops the tasks and closes the client. */
export function startChainRole(options: ChainRoleOptions): void {
  const { env, logger, shutdown } = options;
  const endpoint = env.VALIDATOR_CHAIN;
  if (endpoint === undefined) return;
  const log = logger.child({ component: 'chain-role', chain: endpoint, netuid: env.VALIDATOR_NETUID });
  let stopped = false;
  let wake: (() => void) | undefined;
  let chain: ChainClient | undefined;
  let tasks: Task[] = [];

  const connect = async (): Promise<ChainClient | undefined> => {
    for (let delayMs = 1_000; !stopped; delayMs = Math.min(delayMs * 2, MAX_BACKOFF_MS)) {
      try {
        return await createChainClient({ endpoint, connectTimeoutMs: env.VALIDATOR_CHAIN_CONNECT_TIMEOUT_S * 1000 });
      } catch (err) {
        const failure = failureInfo(err);
        if (!failure.retryable) {
          log.error({ code: failure.code, err }, 'chain unusable: miners sync and weight setting are off');
          return undefined;
        }
        log.warn({ code: failure.code, retryInMs: delayMs }, 'chain connection failed; retrying');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delayMs);
          wake = () => (clearTimeout(timer), resolve());
        });
      }
    }
    return undefined;
  };

  const running = (async () => {
    chain = await connect();
    if (chain === undefined) return;
    if (stopped) {
      await chain.close();
      return;
    }
    try {
      tasks = tasksOn(chain, options);
    } catch (err) {
      log.error({ code: failureInfo(err).code, err }, 'chain tasks cannot start');
      return;
    }
    for (const task of tasks) task.start();
    log.info({ weights: env.VALIDATOR_WEIGHTS !== false, mode: env.VALIDATOR_COMMIT_REVEAL_MODE }, 'chain tasks started');
  })();

  shutdown.onShutdown('chain', async () => {
    stopped = true;
    wake?.();
    // A connection attempt in flight is not waited for (it closes itself when it ends).
    if (chain === undefined) return;
    await running;
    for (const task of tasks.reverse()) await task.stop();
    await chain.close();
  });
}
