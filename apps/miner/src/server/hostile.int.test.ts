import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExecutorToMinerMessage, ValidatorToMinerMessage } from '@horde/protocol';
import { TEST_WALLETS, buildAuth, buildJobRequest } from '@horde/testkit';
import type { FakeExecutor, FakeValidator } from '@horde/testkit';
import { useTestDatabase } from '@horde/testkit/vitest';
import { hostileFrames } from '../test-support/hostile-frames';
import type { HostileFrame } from '../test-support/hostile-frames';
import { minerTemplate, startTestMiner } from '../test-support/harness';
import type { TestMiner } from '../test-support/harness';

const db = useTestDatabase({ template: minerTemplate, prefix: 'miner_hostile' });
const RUNS = 1000;
/** Every GenericError names a typed code first. */
const TYPED = /^[A-Z][A-Z0-9_]*: /;

/** The message_type values a union carries (its discriminator values). */
const typesOf = (union: typeof ValidatorToMinerMessage | typeof ExecutorToMinerMessage): string[] => [...(union._zod.propValues?.message_type ?? [])].map(String);
const VALIDATOR_TYPES = typesOf(ValidatorToMinerMessage);
const EXECUTOR_TYPES = typesOf(ExecutorToMinerMessage);

/** What the refusal check needs of a fake peer. */
interface Peer {
  sendRaw(data: string | Uint8Array): void;
  readonly isOpen: boolean;
  next(type: 'GenericError', timeoutMs: number): Promise<{ details?: string | null }>;
}

let miner: TestMiner;
const sockets: Array<FakeValidator | FakeExecutor> = [];

beforeAll(async () => {
  // A long auth window: the pre-auth run sends its 1,000 frames before authenticating.
  miner = await startTestMiner({ databaseUrl: db.url, authTimeoutMs: 120_000 });
});
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((socket) => socket.close()));
});
afterAll(async () => {
  await miner.close();
});

/**
 * Sends each generated frame and requires exactly one typed GenericError back for it, the
 * connection staying open; the socket's earlier errors are consumed so each answer is matched.
 */
async function assertRefusesEach(peer: Peer, frames: fc.Arbitrary<HostileFrame>): Promise<number> {
  let sent = 0;
  await fc.assert(
    fc.asyncProperty(frames, async (frame) => {
      peer.sendRaw(frame.data);
      sent += 1;
      const error = await peer.next('GenericError', 10_000);
      expect(error.details ?? '').toMatch(TYPED);
      expect(peer.isOpen).toBe(true);
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
  return sent;
}

describe('hostile frames', () => {
  const validatorFrames = () =>
    hostileFrames({
      inbound: ValidatorToMinerMessage,
      knownTypes: VALIDATOR_TYPES,
      sample: JSON.stringify(buildJobRequest({ jobUuid: '7b5ad2b4-2c5e-4f36-9a35-6a1e0c0d2a11', env: { A: 'b' } })),
      hugeType: 'V0JobRequest',
    });

  it('validator interface before auth: each refused with a typed GenericError, then auth still works', async () => {
    const validator = await miner.connectValidator();
    sockets.push(validator);
    const sent = await assertRefusesEach(validator, validatorFrames());
    expect(sent).toBeGreaterThanOrEqual(RUNS);
    validator.send(buildAuth(TEST_WALLETS.validator, TEST_WALLETS.miner.address));
    expect((await validator.next('V0ExecutorManifestRequest')).manifest).toEqual({ 'always_on.test': 4 });
    expect(validator.unparsed).toEqual([]);
  }, 180_000);

  it('validator interface after auth: each refused with a typed GenericError, then a valid frame is answered', async () => {
    const validator = await miner.connectValidator();
    sockets.push(validator);
    await validator.authenticate();
    const sent = await assertRefusesEach(validator, validatorFrames());
    expect(sent).toBeGreaterThanOrEqual(RUNS);
    validator.send({ message_type: 'V0MainHotkeyMessage', main_hotkey: null });
    expect((await validator.next('V0MainHotkeyMessage')).main_hotkey).toBe(TEST_WALLETS.miner.address);
  }, 180_000);

  it('executor interface: each refused with a typed GenericError, then the executor can still report ready', async () => {
    const validator = await miner.connectValidator();
    sockets.push(validator);
    await validator.authenticate();
    const initial = validator.sendInitialJob();
    await validator.next('V0AcceptJobRequest');
    const executor = await miner.connectExecutor(await miner.tokenOf(initial.job_uuid));
    sockets.push(executor);
    await executor.next('V0InitialJobRequest');

    const frames = hostileFrames({
      inbound: ExecutorToMinerMessage,
      knownTypes: EXECUTOR_TYPES,
      sample: JSON.stringify({ message_type: 'V0JobFinishedRequest', job_uuid: initial.job_uuid, docker_process_stdout: 'out', docker_process_stderr: '' }),
      hugeType: 'V0JobFinishedRequest',
    });
    const sent = await assertRefusesEach(executor, frames);
    expect(sent).toBeGreaterThanOrEqual(RUNS);
    executor.send({ message_type: 'V0ExecutorReadyRequest', job_uuid: initial.job_uuid });
    expect((await validator.next('V0ExecutorReadyRequest')).job_uuid).toBe(initial.job_uuid);
    expect(validator.received.map((m) => m.message_type)).toEqual(['V0ExecutorManifestRequest', 'V0AcceptJobRequest', 'V0ExecutorReadyRequest']);
  }, 180_000);
});
