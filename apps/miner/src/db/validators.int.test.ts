import { afterEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '@horde/testkit/vitest';
import { logger, minerTemplate } from '../test-support/harness';
import { openMinerDatabase } from './database';
import type { MinerDatabaseHandle } from './database';
import { ValidatorsRepo } from './validators';

const db = useTestDatabase({ template: minerTemplate, prefix: 'miner_validators', scope: 'test' });

let handle: MinerDatabaseHandle | undefined;
/** The repo on this test's fresh database. */
async function repo(): Promise<ValidatorsRepo> {
  handle = await openMinerDatabase({ url: db.url, logger });
  return new ValidatorsRepo(handle.db);
}
afterEach(async () => {
  await handle?.close();
  handle = undefined;
});

const state = async (validators: ValidatorsRepo) => Object.fromEntries((await validators.list()).map((row) => [row.hotkey, `${row.source}:${row.active ? 'on' : 'off'}`]));

describe('ValidatorsRepo.syncChain', () => {
  it('adds new hotkeys active, deactivates chain rows that left, and reports both', async () => {
    const validators = await repo();
    expect(await validators.syncChain(['b', 'a'])).toEqual({ activated: ['a', 'b'], deactivated: [] });
    expect(await validators.syncChain(['a', 'c'])).toEqual({ activated: ['c'], deactivated: ['b'] });
    expect(await validators.syncChain(['a', 'c'])).toEqual({ activated: [], deactivated: [] });
    expect(await validators.syncChain(['b'])).toEqual({ activated: ['b'], deactivated: ['a', 'c'] });
    expect(await state(validators)).toEqual({ a: 'chain:off', b: 'chain:on', c: 'chain:off' });
  });

  it('never deactivates a static (config) or CLI validator', async () => {
    const validators = await repo();
    await validators.syncConfig(['static']);
    await validators.add('manual', 'cli');
    await validators.syncChain(['static', 'manual', 'x']);
    await validators.syncChain([]);
    expect(await state(validators)).toEqual({ static: 'config:on', manual: 'cli:on', x: 'chain:off' });
  });

  it('a hotkey put in MINER_VALIDATORS becomes static; one taken out of it stays allowed while the chain lists it', async () => {
    const validators = await repo();
    await validators.syncChain(['v']);
    await validators.syncConfig(['v']);
    await validators.syncChain([]);
    expect(await state(validators)).toEqual({ v: 'config:on' });
    await validators.syncConfig([]);
    expect(await state(validators)).toEqual({ v: 'config:off' });
    await validators.syncChain(['v']);
    expect(await state(validators)).toEqual({ v: 'chain:on' });
    await validators.syncChain([]);
    expect(await state(validators)).toEqual({ v: 'chain:off' });
  });
});
