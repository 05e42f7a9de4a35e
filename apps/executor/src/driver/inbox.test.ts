import { describe, expect, it } from 'vitest';
import { MinerToExecutorMessage } from '@horde/protocol';
import { executorErrors } from '../errors';
import { initialJobRequest, jobRequest, newJobUuid } from '../test-support/messages';
import { Deadline } from './deadline';
import { Inbox } from './inbox';

const uuid = newJobUuid();
const initial = MinerToExecutorMessage.parse(initialJobRequest(uuid));
const job = MinerToExecutorMessage.parse(jobRequest(uuid, 'img', ['true']));

describe('Inbox', () => {
  it('hands out a message that arrived before it was asked for', async () => {
    const inbox = new Inbox();
    expect(inbox.accept(initial)).toBeUndefined();
    await expect(inbox.next('V0InitialJobRequest', new Deadline(1))).resolves.toMatchObject({ job_uuid: uuid });
  });

  it('resolves a pending wait when the message arrives', async () => {
    const inbox = new Inbox();
    inbox.accept(initial);
    const waiting = inbox.next('V0JobRequest', new Deadline(5));
    inbox.accept(job);
    await expect(waiting).resolves.toMatchObject({ message_type: 'V0JobRequest', docker_image: 'img' });
  });

  it('refuses a job request before the initial one, and duplicates, as the reference does', async () => {
    const inbox = new Inbox();
    expect(inbox.accept(job)).toMatch(/before an initial job request/);
    inbox.accept(initial);
    expect(inbox.accept(initial)).toMatch(/duplicate initial job request/);
    inbox.accept(job);
    expect(inbox.accept(job)).toMatch(/duplicate full job payload/);
    // The refused early job request was dropped, the accepted one is kept.
    await expect(inbox.next('V0JobRequest', new Deadline(1))).resolves.toMatchObject({ job_uuid: uuid });
  });

  it('times out on the deadline with DEADLINE_EXCEEDED', async () => {
    const inbox = new Inbox();
    const started = Date.now();
    const err = await inbox.next('V0InitialJobRequest', new Deadline(0.1)).catch((e: unknown) => e);
    expect(executorErrors.is(err, 'DEADLINE_EXCEEDED')).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('fails pending and later waits at once when the miner sends GenericError', async () => {
    const inbox = new Inbox();
    const waiting = inbox.next('V0InitialJobRequest', new Deadline(30));
    inbox.accept({ message_type: 'GenericError', details: 'unknown token' });
    const err = await waiting.catch((e: unknown) => e);
    expect(executorErrors.is(err, 'MINER_ERROR')).toBe(true);
    expect((err as Error).message).toContain('unknown token');
    await expect(inbox.next('V0JobRequest', new Deadline(30))).rejects.toBe(err);
  });

  it('fails fast when the socket closes; the first failure wins', async () => {
    const inbox = new Inbox();
    const waiting = inbox.next('V0JobRequest', new Deadline(30));
    inbox.fail(executorErrors.error('MINER_DISCONNECTED'));
    inbox.fail(executorErrors.error('MINER_ERROR'));
    await expect(waiting).rejects.toSatisfy((e) => executorErrors.is(e, 'MINER_DISCONNECTED'));
    expect(inbox.failed?.code).toBe('MINER_DISCONNECTED');
  });
});
