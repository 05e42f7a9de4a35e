import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDevchain } from '@horde/chain';
import type { Devchain, SubnetInput } from '@horde/chain';
import { TEST_WALLETS, testColdkey, waitFor } from '@horde/testkit';
import type { FakeValidator } from '@horde/testkit';
import { useTestDatabase } from '@horde/testkit/vitest';
import type { MinerChainConfig } from '../env';
import { capturedLogger } from '../test-support/captured-logger';
import { minerTemplate, startTestMiner } from '../test-support/harness';
import type { TestMiner } from '../test-support/harness';

const db = useTestDatabase({ template: minerTemplate, prefix: 'miner_valsync' });
const { validator2, validator3, miner, miner2, miner3, user } = TEST_WALLETS;
const NETUID = 12;

/** validator2: permit, 2000 TAO; validator3: registered, 5000 TAO, no permit; miner3: permit, 10 TAO. */
function subnet(overrides: { validator2Permit?: boolean } = {}): SubnetInput {
  const neuron = (hotkey: string, stake: number, permit: boolean) => ({ hotkey, coldkey: testColdkey('owner').address, stake, validator_permit: permit });
  return {
    netuid: NETUID,
    tempo: 10,
    neurons: [
      neuron(validator2.address, 2000, overrides.validator2Permit ?? true),
      neuron(validator3.address, 5000, false),
      neuron(miner3.address, 10, true),
      neuron(miner.address, 0, false),
      neuron(miner2.address, 0, false),
    ],
  };
}

function chainConfig(endpoint: string, refreshMs = 60_000): MinerChainConfig {
  return { endpoint, netuid: NETUID, validatorMinStake: 1000, validatorsRefreshMs: refreshMs, announce: undefined, manifestCommitIntervalMs: 3_600_000 };
}

/** A loopback port nothing listens on (bound, then released). */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const peers: FakeValidator[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
});

async function refusal(peer: FakeValidator): Promise<{ details: string; code: number }> {
  const error = await peer.next('GenericError');
  const close = await peer.closed;
  return { details: error.details ?? '', code: close.code };
}

describe('validator list from the chain', () => {
  let devchain: Devchain;
  let port: number;
  let testMiner: TestMiner;

  beforeAll(async () => {
    port = await unusedPort();
    devchain = await createDevchain({ subnet: subnet(), blockTimeMs: 100, port });
    testMiner = await startTestMiner({ databaseUrl: db.url, chain: chainConfig(devchain.url) });
    await waitFor(async () => (await testMiner.validators.find(validator2.address))?.active, { what: 'the first validator sync', timeoutMs: 15_000 });
  });
  afterAll(async () => {
    await testMiner?.close();
    await devchain?.close();
  });

  it('lets a validator with a permit and enough stake authenticate and get the manifest', async () => {
    const peer = await testMiner.connectValidator({ validator: validator2 });
    peers.push(peer);
    const manifest = await peer.authenticate();
    expect(manifest.manifest).toEqual({ 'always_on.test': 4 });
    expect(await testMiner.validators.find(validator2.address)).toMatchObject({ active: true, source: 'chain' });
  });

  it('refuses a registered hotkey without a validator permit, whatever its stake, as an unknown validator', async () => {
    const peer = await testMiner.connectValidator({ validator: validator3 });
    peers.push(peer);
    const { details, code } = await refusal(peer);
    expect(details).toMatch(/^VALIDATOR_UNKNOWN: Unknown validator/);
    expect(code).toBe(4002);
  });

  it('refuses a permit holder below the minimum stake', async () => {
    const peer = await testMiner.connectValidator({ validator: miner3 });
    peers.push(peer);
    const { details } = await refusal(peer);
    expect(details).toMatch(/^VALIDATOR_UNKNOWN: /);
  });

  it('refuses a validator whose permit was removed, from the next refresh on', async () => {
    await devchain.close();
    devchain = await createDevchain({ subnet: subnet({ validator2Permit: false }), blockTimeMs: 100, port });
    await waitFor(
      async () => {
        await testMiner.chainWork!.validatorSync.runNow();
        return (await testMiner.validators.find(validator2.address))?.active === false;
      },
      { what: 'validator2 deactivated by a refresh', timeoutMs: 15_000, intervalMs: 200 },
    );
    const peer = await testMiner.connectValidator({ validator: validator2 });
    peers.push(peer);
    const { details, code } = await refusal(peer);
    expect(details).toMatch(/^VALIDATOR_INACTIVE: Inactive validator/);
    expect(code).toBe(4002);
    // The static and CLI validators are not the chain's to remove.
    expect((await testMiner.validators.find(TEST_WALLETS.validator.address))?.active).toBe(true);
  });
});

describe('chain down at start', () => {
  it('starts anyway, serves the static validators, logs CHAIN_UNAVAILABLE, and picks the list up when the chain comes back', async () => {
    const port = await unusedPort();
    const { logger, lines } = capturedLogger();
    const testMiner = await startTestMiner({ databaseUrl: db.url, staticValidators: [user.address], chain: chainConfig(`ws://127.0.0.1:${port}`, 300), logger });
    let devchain: Devchain | undefined;
    try {
      await waitFor(() => lines.find((line) => line.code === 'CHAIN_UNAVAILABLE' && line.msg.startsWith('validator list not refreshed')), { what: 'a CHAIN_UNAVAILABLE warning', timeoutMs: 15_000 });
      const staticPeer = await testMiner.connectValidator({ validator: user });
      peers.push(staticPeer);
      expect((await staticPeer.authenticate()).manifest).toEqual({ 'always_on.test': 4 });

      devchain = await createDevchain({ subnet: subnet(), blockTimeMs: 100, port });
      await waitFor(async () => (await testMiner.validators.find(validator2.address))?.active, { what: 'validator2 synced once the chain is up', timeoutMs: 20_000 });
      const chainPeer = await testMiner.connectValidator({ validator: validator2 });
      peers.push(chainPeer);
      expect((await chainPeer.authenticate()).manifest).toEqual({ 'always_on.test': 4 });
      expect(await testMiner.validators.find(user.address)).toMatchObject({ active: true, source: 'config' });
    } finally {
      await testMiner.close();
      await devchain?.close();
    }
  });
});
