/**
 * `connectMinerChain`: the MinerChain over @horde/chain. The connection is opened on first use and
 * opened again on the next call after a failed attempt, so a miner started while the chain is
 * unreachable runs anyway and picks the chain up once it answers. Once connected, @polkadot/api
 * reconnects by itself after a drop.
 */
import { chainErrors, createChainClient } from '@horde/chain';
import type { ChainClient, Endpoint, RetryPolicy } from '@horde/chain';
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
}

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

  const notYet = (what: string): Promise<never> => Promise.reject(chainErrors.error('CHAIN_RUNTIME_UNSUPPORTED', `${what}: not wired to the chain client yet`));

  return {
    netuid,
    validators: async (minStake) => (await client()).validators(netuid, { minStake }),
    metagraph: async () => (await client()).metagraph(netuid),
    hyperparameters: async () => (await client()).hyperparameters(netuid),
    commitment: () => notYet('commitment'),
    serveAxon: () => notYet('serve_axon'),
    setCommitment: () => notYet('set_commitment'),
    async close() {
      closed = true;
      const open = connection;
      connection = undefined;
      if (open) await open.then((c) => c.close()).catch(() => undefined);
    },
  };
}
