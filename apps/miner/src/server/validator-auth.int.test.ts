import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_WALLETS } from '@horde/testkit';
import type { FakeValidator } from '@horde/testkit';
import { useTestDatabase } from '@horde/testkit/vitest';
import { minerTemplate, startTestMiner } from '../test-support/harness';
import type { TestMiner } from '../test-support/harness';

const db = useTestDatabase({ template: minerTemplate, prefix: 'miner_auth' });
const { validator2, validator3, miner2 } = TEST_WALLETS;
const nowS = () => Math.floor(Date.now() / 1000);

let miner: TestMiner;
const peers: FakeValidator[] = [];

beforeAll(async () => {
  miner = await startTestMiner({ databaseUrl: db.url });
  await miner.validators.add(validator2.address, 'cli');
});
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
});
afterAll(async () => {
  await miner.close();
});

async function connect(options: Parameters<TestMiner['connectValidator']>[0] = {}): Promise<FakeValidator> {
  const peer = await miner.connectValidator(options);
  peers.push(peer);
  return peer;
}

/** The GenericError the miner refused with, and how it closed the connection. */
async function refusal(peer: FakeValidator): Promise<{ details: string; code: number; reason: string }> {
  const error = await peer.next('GenericError');
  const close = await peer.closed;
  return { details: error.details ?? '', ...close };
}

describe('validator interface: authentication', () => {
  it('answers a good auth with the manifest', async () => {
    const peer = await connect();
    const manifest = await peer.authenticate();
    expect(manifest.manifest).toEqual({ 'always_on.test': 4 });
    expect(peer.isOpen).toBe(true);
  });

  it('refuses an auth message 11 s old', async () => {
    const peer = await connect();
    peer.auth({ timestamp: nowS() - 11 });
    const { details, code } = await refusal(peer);
    expect(details).toMatch(/^AUTH_TIMESTAMP_STALE: Validator not authenticated/);
    expect(code).toBe(4001);
  });

  it('refuses an auth message for another miner', async () => {
    const peer = await connect();
    peer.auth({ minerHotkey: miner2.address });
    const { details, code } = await refusal(peer);
    expect(details).toMatch(/^AUTH_MINER_MISMATCH: /);
    expect(code).toBe(4001);
  });

  it('refuses a validator hotkey that differs from the URL', async () => {
    const peer = await connect({ urlHotkey: validator2.address });
    peer.auth();
    const { details, code } = await refusal(peer);
    expect(details).toMatch(/^AUTH_VALIDATOR_MISMATCH: /);
    expect(code).toBe(4001);
  });

  it('refuses a signature by another key', async () => {
    const peer = await connect();
    peer.auth({ signer: validator2 });
    const { details, code } = await refusal(peer);
    expect(details).toMatch(/^AUTH_SIGNATURE_INVALID: /);
    expect(code).toBe(4001);
  });

  it('refuses a timestamp more than 60 s in the future', async () => {
    const peer = await connect();
    peer.auth({ timestamp: nowS() + 61 });
    const { details, code } = await refusal(peer);
    expect(details).toMatch(/^AUTH_TIMESTAMP_FUTURE: /);
    expect(code).toBe(4001);
  });

  it('accepts one auth message only once (replay refused)', async () => {
    const first = await connect();
    const message = first.auth();
    await first.next('V0ExecutorManifestRequest');
    const replay = await connect();
    replay.sendRaw(JSON.stringify(message));
    const { details, code } = await refusal(replay);
    expect(details).toMatch(/^AUTH_REPLAYED: /);
    expect(code).toBe(4001);
  });

  it('refuses an unknown validator on connect, in the reference wording', async () => {
    const peer = await connect({ validator: validator3 });
    const { details, code, reason } = await refusal(peer);
    expect(details).toContain('Unknown validator');
    expect(details).toMatch(/^VALIDATOR_UNKNOWN: /);
    expect(code).toBe(4002);
    expect(reason).toBe('VALIDATOR_UNKNOWN');
  });

  it('refuses an inactive validator on connect', async () => {
    await miner.validators.syncConfig([validator3.address]);
    await miner.validators.syncConfig([]); // left the config list: inactive
    expect((await miner.validators.find(validator3.address))?.active).toBe(false);
    const peer = await connect({ validator: validator3 });
    const { details, code } = await refusal(peer);
    expect(details).toMatch(/^VALIDATOR_INACTIVE: Inactive validator/);
    expect(code).toBe(4002);
  });

  it('handles frames sent before auth right after it, in order', async () => {
    const peer = await connect();
    peer.send({ message_type: 'V0MainHotkeyMessage', main_hotkey: null });
    peer.auth();
    const answer = await peer.next('V0MainHotkeyMessage');
    expect(answer.main_hotkey).toBe(TEST_WALLETS.miner.address);
    expect(peer.received.map((m) => m.message_type)).toEqual(['V0ExecutorManifestRequest', 'V0MainHotkeyMessage']);
  });

  it('answers a frame it cannot read before auth with a typed GenericError and stays open', async () => {
    const peer = await connect();
    peer.sendRaw('{"message_type": "V0Nope"}');
    const error = await peer.next('GenericError');
    expect(error.details).toMatch(/^MESSAGE_TYPE_UNKNOWN: /);
    await peer.authenticate();
  });
});

describe('validator interface: auth timeout', () => {
  let quick: TestMiner;
  beforeAll(async () => {
    quick = await startTestMiner({ databaseUrl: db.url, authTimeoutMs: 300 });
  });
  afterAll(async () => {
    await quick.close();
  });

  it('closes a validator that does not authenticate in time with 4003', async () => {
    const peer = await quick.connectValidator();
    peers.push(peer);
    const { details, code } = await refusal(peer);
    expect(details).toMatch(/^AUTH_TIMEOUT: /);
    expect(code).toBe(4003);
  });
});
