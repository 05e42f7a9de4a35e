/**
 * Keeps the validators table in step with the chain: every refresh reads the permit holders with
 * at least the minimum stake and makes them the `chain` rows (new ones active, those gone
 * inactive), so the auth refuses a validator that lost its permit from the next refresh on. A
 * chain failure keeps the last list (warning with the typed code); the next refresh tries again.
 */
import { HordeError } from '@horde/protocol';
import type { Logger } from '@horde/service';
import type { ValidatorsRepo } from '../db/validators';
import type { MinerChain } from '../chain/miner-chain';

export interface ValidatorSyncDeps {
  readonly chain: Pick<MinerChain, 'validators'>;
  readonly validators: Pick<ValidatorsRepo, 'syncChain'>;
  /** Minimum stake of a validator, TAO. */
  readonly minStake: number;
  readonly logger: Logger;
}

/** One refresh. Resolves false when the chain could not be read (the table is then untouched). */
export async function refreshValidators(deps: ValidatorSyncDeps): Promise<boolean> {
  let hotkeys: string[];
  try {
    hotkeys = (await deps.chain.validators(deps.minStake)).map((neuron) => neuron.hotkey);
  } catch (err) {
    deps.logger.warn({ code: err instanceof HordeError ? err.code : 'INTERNAL', err }, 'validator list not refreshed; keeping the last one');
    return false;
  }
  const { activated, deactivated } = await deps.validators.syncChain(hotkeys);
  const fields = { validators: hotkeys.length, activated, deactivated };
  if (activated.length > 0 || deactivated.length > 0) deps.logger.info(fields, 'validator list changed');
  else deps.logger.debug(fields, 'validator list unchanged');
  return true;
}
