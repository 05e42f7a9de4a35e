/**
 * Announces the miner's axon (`serve_axon`) at start and every MINER_ANNOUNCE_INTERVAL_S, as the
 * reference's `announce_address_and_port`, but only when needed: the own neuron is looked up in the
 * metagraph; not registered → a typed warning and a retry at the next run; the on-chain axon
 * already equal (ip, port, protocol, version) → nothing sent (bittensor does the same); still within
 * ServingRateLimit blocks of the last announcement → the next run is scheduled for when the limit
 * has passed; else the extrinsic is sent. Chain failures are logged with their typed code.
 */
import { chainErrors, ipToChain } from '@horde/chain';
import type { Axon } from '@horde/chain';
import { HordeError } from '@horde/protocol';
import type { Logger } from '@horde/service';
import type { AxonAnnouncement, MinerChain } from '../chain/miner-chain';
import { minerErrors } from '../errors';

export interface AxonAnnouncerDeps {
  readonly chain: Pick<MinerChain, 'metagraph' | 'hyperparameters' | 'serveAxon'>;
  /** The miner's hotkey (ss58). */
  readonly hotkey: string;
  readonly axon: AxonAnnouncement;
  /** Expected time between blocks, to turn a rate limit in blocks into a delay (12 s on finney). */
  readonly blockTimeMs: number;
  readonly logger: Logger;
}

export type AnnounceResult = 'served' | 'unchanged' | 'rate-limited' | 'not-registered' | 'failed';

/** Whether the axon on chain is the one we would announce (IPs compared as the chain stores them). */
export function sameAxon(onChain: Axon, wanted: AxonAnnouncement): boolean {
  const chainIp = ipToChain(onChain.ip);
  const wantedIp = ipToChain(wanted.ip);
  return (
    chainIp.ip === wantedIp.ip &&
    onChain.ipType === wantedIp.ipType &&
    onChain.port === wanted.port &&
    onChain.protocol === wanted.protocol &&
    onChain.version === wanted.version
  );
}

/** One announcement run; its outcome asks for an early retry when the serving rate limit holds it back. */
export async function announceAxon(deps: AxonAnnouncerDeps): Promise<{ readonly result: AnnounceResult; readonly retryInMs?: number }> {
  const { chain, axon, logger } = deps;
  try {
    const metagraph = await chain.metagraph();
    const own = metagraph.neurons.find((neuron) => neuron.hotkey === deps.hotkey);
    if (own === undefined) {
      const error = minerErrors.error('MINER_NOT_REGISTERED', `${deps.hotkey} on netuid ${metagraph.netuid}`);
      logger.warn({ code: error.code, hotkey: deps.hotkey }, 'axon not announced: hotkey not registered');
      return { result: 'not-registered' };
    }
    if (sameAxon(own.axon, axon)) {
      logger.debug({ ...axon, block: own.axon.block }, 'axon already announced');
      return { result: 'unchanged' };
    }
    const { servingRateLimit } = await chain.hyperparameters();
    const allowedAt = own.axon.block === 0 || servingRateLimit === 0 ? 0 : own.axon.block + servingRateLimit;
    if (metagraph.block < allowedAt) {
      const blocks = allowedAt - metagraph.block;
      logger.info({ lastBlock: own.axon.block, servingRateLimit, blocksLeft: blocks }, 'axon announcement waits for the serving rate limit');
      return { result: 'rate-limited', retryInMs: blocks * deps.blockTimeMs };
    }
    const landed = await chain.serveAxon(axon);
    logger.info({ ...axon, block: landed.blockNumber, previous: { ip: own.axon.ip, port: own.axon.port } }, 'axon announced');
    return { result: 'served' };
  } catch (err) {
    const code = err instanceof HordeError ? err.code : 'INTERNAL';
    logger.warn({ code, err }, 'axon not announced; retrying at the next run');
    if (chainErrors.is(err, 'TX_RATE_LIMITED')) return { result: 'rate-limited' };
    return { result: 'failed' };
  }
}
