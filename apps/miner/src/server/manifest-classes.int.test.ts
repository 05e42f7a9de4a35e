import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HORDE_FEATURES_HEADER } from '@horde/protocol';
import { useTestDatabase } from '@horde/testkit/vitest';
import { minerTemplate, startTestMiner } from '../test-support/harness';
import type { TestMiner } from '../test-support/harness';

/*
 * A reference validator refuses a whole manifest that names an executor class it does not know, so
 * Horde's own hardware classes are shown only to validators that say they understand them.
 */
const db = useTestDatabase({ template: minerTemplate, prefix: 'miner_manifest' });
let miner: TestMiner;

beforeAll(async () => {
  miner = await startTestMiner({ databaseUrl: db.url, manifest: { 'always_on.test': 1, 'always_on.gpu.a6000': 2 } });
});
afterAll(async () => {
  await miner.close();
});

describe('advertised manifest', () => {
  it('holds only reference executor classes for a validator that announced nothing', async () => {
    const peer = await miner.connectValidator();
    expect((await peer.authenticate()).manifest).toEqual({ 'always_on.test': 1 });
    await peer.close();
  });

  it('holds every class for a validator that announced the executor-classes feature', async () => {
    const peer = await miner.connectValidator({ headers: { [HORDE_FEATURES_HEADER]: 'cancel, executor-classes' } });
    expect((await peer.authenticate()).manifest).toEqual({ 'always_on.test': 1, 'always_on.gpu.a6000': 2 });
    await peer.close();
  });
});
