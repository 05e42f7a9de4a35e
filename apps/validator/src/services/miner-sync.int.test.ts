import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChainClient, createDevchain } from '@horde/chain';
import type { SubnetInput } from '@horde/chain';
import { TEST_WALLETS, testColdkey } from '@horde/testkit';
import { ManifestCache } from '../routing/manifests';
import { Router } from '../routing/router';
import { startRealMiner } from '../test-support/real-miner';
import type { RealMiner } from '../test-support/real-miner';
import { logger, startTestValidator } from '../test-support/harness';
import type { TestValidator } from '../test-support/harness';
import { OrganicJobRequest } from './organic-job-request';
import { MinerSync } from './miner-sync';

/*
 * The miners table follows a real devchain's metagraph: a miner that serves its axon (a signed
 * serve_axon) appears and the validator connects to it where it announced itself (a real
 * @horde/miner on 127.0.0.2: auth and manifest), neurons without an axon do not, a miner whose axon
 * is gone (0.0.0.0) or that left the metagraph becomes inactive (never routed to), static rows are
 * never touched, and a chain that cannot be read leaves the table as it was.
 * (Running a job needs Docker; the end-to-end run is the local horde's.)
 */
const CLASS = 'always_on.test';
const NETUID = 12;
const { validator: vKey, validator2, miner: minerKey, miner2, miner3 } = TEST_WALLETS;

let miner: RealMiner;
let validator: TestValidator;
let router: Router;
const cleanups: Array<() => Promise<void>> = [];

/** The subnet: the miner registered (no axon until it serves one), unless `withMiner` is false (deregistered). */
function subnet(withMiner = true): SubnetInput {
  return {
    netuid: NETUID,
    tempo: 10,
    neurons: [
      { hotkey: vKey.address, coldkey: testColdkey('validator').address, stake: 1000, validator_permit: true },
      ...(withMiner ? [{ hotkey: minerKey.address, coldkey: testColdkey('miner').address }] : []),
      { hotkey: miner2.address, coldkey: testColdkey('miner2').address },
      { hotkey: miner3.address, coldkey: testColdkey('miner3').address, axon: { ip: '0.0.0.0', port: 0 } },
    ],
    hyperparameters: { serving_rate_limit: 0 },
  };
}

interface ServedChain {
  readonly sync: MinerSync;
  /** The miner announces its axon with `serve_axon`, signed by its hotkey. */
  serve(ip: string, port: number): Promise<void>;
  stopDevchain(): Promise<void>;
}

async function chainServing(input: SubnetInput): Promise<ServedChain> {
  const devchain = await createDevchain({ subnet: input, blockTimeMs: 100 });
  const chain = await createChainClient({ endpoint: devchain.url, retry: { attempts: 1, timeoutMs: 2_000 } });
  let running = true;
  const stopDevchain = async (): Promise<void> => {
    if (running) await devchain.close();
    running = false;
  };
  cleanups.push(async () => {
    await chain.close();
    await stopDevchain();
  });
  const writer = chain.writer(minerKey.pair, { inclusionTimeoutMs: 10_000 });
  return {
    sync: new MinerSync({ chain, netuid: NETUID, miners: validator.app.miners, logger, intervalMs: 60_000 }),
    serve: async (ip, port) => {
      await writer.serveAxon({ netuid: NETUID, version: 1_000_000, ip, port, protocol: 4 });
    },
    stopDevchain,
  };
}

const job = (minerHotkey?: string): OrganicJobRequest =>
  OrganicJobRequest.parse({ uuid: randomUUID(), executor_class: CLASS, docker_image: 'busybox', download_time_limit: 10, execution_time_limit: 30, upload_time_limit: 10, source: 'admin', miner_hotkey: minerHotkey });

beforeAll(async () => {
  // No executor ever starts here (a broken command, no warm spare): the miner answers auth and its manifest.
  miner = await startRealMiner({ hotkey: minerKey, executorClass: CLASS, host: '127.0.0.2', command: ['/nonexistent/horde-executor'] });
  validator = await startTestValidator({ worker: false });
  const manifests = new ManifestCache({ key: vKey, logger, miners: validator.app.miners, maxAgeMs: 60_000, pollTimeoutMs: 5_000 });
  router = new Router({ miners: validator.app.miners, receipts: validator.app.receipts, manifests, reliabilityWindowMs: 3_600_000, random: () => 0.5 });
}, 60_000);

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  await validator?.close();
  await miner?.close();
});

describe('miners sync from the metagraph', () => {
  it('adds a miner once it serves its axon and connects to it there; skips neurons without one; keeps static rows', async () => {
    await validator.app.miners.upsert({ hotkey: validator2.address, address: '10.9.9.9', port: 9000, source: 'config' });
    await validator.app.miners.upsert({ hotkey: miner2.address, address: '10.9.9.8', port: 9001, source: 'config' });
    const served = await chainServing(subnet());
    expect(await served.sync.syncOnce()).toMatchObject({ served: 0, upserted: 0, deactivated: [] });
    expect(await validator.app.miners.get(minerKey.address)).toBeUndefined();

    // The miner serves its axon (127.0.0.1 is refused by the chain; 127.0.0.2 is loopback too).
    await served.serve('127.0.0.2', miner.port);
    expect(await served.sync.syncOnce()).toMatchObject({ served: 1, upserted: 1, deactivated: [] });
    const rows = await validator.app.miners.list();
    expect(rows.find((row) => row.hotkey === minerKey.address)).toMatchObject({ source: 'chain', active: true, address: '127.0.0.2', port: miner.port, ipVersion: 4, uid: 1, coldkey: testColdkey('miner').address });
    expect(rows.find((row) => row.hotkey === miner3.address)).toBeUndefined();
    expect(rows.find((row) => row.hotkey === vKey.address)).toBeUndefined();
    expect(rows.find((row) => row.hotkey === miner2.address)).toMatchObject({ source: 'config', active: true, address: '10.9.9.8', uid: null });
    expect(rows.find((row) => row.hotkey === validator2.address)).toMatchObject({ source: 'config', active: true });
    expect(await served.sync.syncOnce()).toMatchObject({ served: 1, upserted: 0, deactivated: [] });

    // Routing polls the synced miner's manifest over the validator interface at 127.0.0.2 (auth included).
    const candidates = await router.candidates(job(), new Set([validator2.address, miner2.address]));
    expect(candidates.map((row) => [row.hotkey, row.address, row.port])).toEqual([[minerKey.address, '127.0.0.2', miner.port]]);
    expect(await validator.app.miners.manifest(minerKey.address)).toMatchObject({ manifest: { [CLASS]: 1 } });
  }, 60_000);

  it('makes a miner whose axon is gone or that left the metagraph inactive (never routed to); keeps the table when the chain is down', async () => {
    const served = await chainServing(subnet());
    await served.serve('127.0.0.2', miner.port);
    expect(await served.sync.syncOnce()).toMatchObject({ served: 1 });
    expect(await validator.app.miners.get(minerKey.address)).toMatchObject({ active: true });
    await served.serve('0.0.0.0', miner.port);
    expect(await served.sync.syncOnce()).toMatchObject({ served: 0, deactivated: [minerKey.address] });
    expect(await validator.app.miners.get(minerKey.address)).toMatchObject({ source: 'chain', active: false });
    expect((await validator.app.miners.get(miner2.address))?.active).toBe(true);
    expect(await router.candidates(job(), new Set())).not.toContainEqual(expect.objectContaining({ hotkey: minerKey.address }));
    expect(await router.candidates(job(minerKey.address), new Set())).toEqual([]);

    await served.serve('127.0.0.2', miner.port);
    expect(await served.sync.syncOnce()).toMatchObject({ upserted: 1 });
    const deregistered = await chainServing(subnet(false));
    expect(await deregistered.sync.syncOnce()).toMatchObject({ served: 0, deactivated: [minerKey.address] });
    expect(await router.candidates(job(minerKey.address), new Set())).toEqual([]);

    const before = await validator.app.miners.list();
    await deregistered.stopDevchain();
    expect(await deregistered.sync.syncOnce()).toBeUndefined();
    expect(await validator.app.miners.list()).toEqual(before);
  }, 60_000);
});
