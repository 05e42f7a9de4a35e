/**
 * Publishes the executor manifest in the miner's knowledge commitment, as the reference's
 * `commit_manifest_to_chain` (reference §3.5): every MINER_MANIFEST_COMMIT_INTERVAL_S the pool's
 * manifest becomes a `<M:…>` envelope (classes without a commitment letter are left out), merged
 * into the commitment already on chain (its other data kept, the envelope last, 128 bytes at most);
 * nothing is sent when that equals what is on chain.
 */
import { HordeError, mergeManifestCommitment } from '@horde/protocol';
import type { Logger } from '@horde/service';
import type { MinerChain } from '../chain/miner-chain';

export interface ManifestCommitmentDeps {
  readonly chain: Pick<MinerChain, 'commitment' | 'setCommitment'>;
  /** The miner's hotkey (ss58). */
  readonly hotkey: string;
  /** The executor pool's manifest. */
  readonly manifest: () => Promise<Record<string, number>>;
  readonly logger: Logger;
}

export type CommitResult = 'committed' | 'unchanged' | 'failed';

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** One run: the commitment that should be on chain, and whether it had to be sent. */
export async function commitManifest(deps: ManifestCommitmentDeps): Promise<{ readonly result: CommitResult; readonly commitment?: string }> {
  const { chain, logger } = deps;
  try {
    const manifest = await deps.manifest();
    const current = await chain.commitment(deps.hotkey);
    const currentText = current === null ? '' : utf8.decode(current);
    const commitment = mergeManifestCommitment(currentText, manifest);
    if (current !== null && commitment === currentText) {
      logger.debug({ commitment }, 'manifest commitment unchanged');
      return { result: 'unchanged', commitment };
    }
    const landed = await chain.setCommitment(encoder.encode(commitment));
    logger.info({ commitment, previous: currentText, block: landed.blockNumber }, 'manifest committed');
    return { result: 'committed', commitment };
  } catch (err) {
    logger.warn({ code: err instanceof HordeError ? err.code : 'INTERNAL', err }, 'manifest not committed; retrying at the next run');
    return { result: 'failed' };
  }
}
