/**
 * `connectMinerChain`: the MinerChain over @horde/chain. The connection is opened on first use and
 * opened again on the next call after a failed attempt, so a miner started while the chain is
 * unreachable runs anyway and picks the chain up once it answers. Once connected, @polkadot/api
 * reconnects by itself after a drop.
 */
import { chainErrors, createChainClient } from '@horde/chain';
import type { ChainClient, ChainWriter, Endpoint, RetryPolicy } from '@horde/chain';
import type { Hotkey } from '@horde/hotkey';
import type { MinerChain } from './miner-chain';

export interface MinerChainOptions {
  readonly endpoint: Endpoint;
  readonly netuid: number;
  /** Signs the writes. */
  readonly hotkey: Hotkey;
  /** Bound on one connection attempt (10 s). */
  readonly connectTimeoutMs?: number;
  /** Retries of each read (the chain client's defaults otherwise). */
  readonly retry?: Partial<RetryPolicy>;
  /** Give up waiting for a write to be in a block after this long (60 s). */
  readonly inclusionTimeoutMs?: number;
}

/** The only calls the miner signs: the writer refuses a runtime lacking them. */
const MINER_CALLS = ['serveAxon', 'setCommitment'] as const;

export function connectMinerChain(options: MinerChainOptions): MinerChain {
  const { netuid } = options;
  let connection: Promise<ChainClient> | undefined;
  let closed = false;

  const client = (): Promise<ChainClient> => {
    if (closed) return Promise.reject(chainErrors.error('CHAIN_UNAVAILABLE', 'the miner closed its chain connection'));
    connection ??= createChainClient({
      endpoint: options.endpoint,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      ...(options.retry ? { retry: options.retry } : {}),
    }).catch((err: unknown) => {
      connection = undefined;
      throw err;
    });
    return connection;
  };

  // Made at the first write, so that a runtime we cannot sign for (CHAIN_RUNTIME_UNSUPPORTED)
  // fails the writes only, never the reads. A connection, once made, is kept for good.
  let signer: ChainWriter | undefined;
  const writer = async (): Promise<ChainWriter> => {
    const connected = await client();
    signer ??= connected.writer(options.hotkey.pair, { calls: MINER_CALLS, ...(options.inclusionTimeoutMs ? { inclusionTimeoutMs: options.inclusionTimeoutMs } : {}) });
    return signer;
  };

  return {
    netuid,
    validators: async (minStake) => (await client()).validators(netuid, { minStake }),
    metagraph: async () => (await client()).metagraph(netuid),
    hyperparameters: async () => (await client()).hyperparameters(netuid),
    commitment: async (hotkey) => (await client()).commitment(netuid, hotkey),
    serveAxon: async (axon) => (await writer()).serveAxon({ netuid, ...axon }),
    setCommitment: async (data) => (await writer()).setCommitment({ netuid, data }),
    async close() {
      closed = true;
      const open = connection;
      connection = undefined;
      if (open) await open.then((c) => c.close()).catch(() => undefined);
    },
  };
}
