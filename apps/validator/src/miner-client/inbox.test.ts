import { describe, expect, it } from 'vitest';
import { JobInbox } from './inbox';

const JOB = 'job-1';
const far = () => Date.now() + 10_000;

describe('JobInbox', () => {
  it('hands out the awaited message, also when it arrived before the wait', async () => {
    const inbox = new JobInbox(JOB);
    inbox.push({ message_type: 'V0AcceptJobRequest', job_uuid: JOB });
    expect(await inbox.next(['V0AcceptJobRequest'], far())).toMatchObject({ kind: 'message', message: { message_type: 'V0AcceptJobRequest' } });
    const waiting = inbox.next(['V0ExecutorReadyRequest'], far());
    inbox.push({ message_type: 'V0ExecutorReadyRequest', job_uuid: JOB });
    expect(await waiting).toMatchObject({ kind: 'message', message: { message_type: 'V0ExecutorReadyRequest' } });
  });

  it('ignores other jobs and ends any wait on a failure of this job', async () => {
    const inbox = new JobInbox(JOB);
    const waiting = inbox.next(['V0VolumesReadyRequest'], far());
    inbox.push({ message_type: 'V0VolumesReadyRequest', job_uuid: 'other' });
    inbox.push({ message_type: 'V0HordeFailedRequest', job_uuid: JOB, reported_by: 'miner', message: 'boom', reason: 'executor_disconnected' });
    expect(await waiting).toMatchObject({ kind: 'message', message: { message_type: 'V0HordeFailedRequest' } });
  });

  it('times out at the deadline, and reports a closed socket or an abort', async () => {
    const started = Date.now();
    expect(await new JobInbox(JOB).next(['V0AcceptJobRequest'], Date.now() + 50)).toEqual({ kind: 'timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);

    const closed = new JobInbox(JOB);
    const waiting = closed.next(['V0AcceptJobRequest'], far());
    closed.finish({ kind: 'closed', code: 1006, reason: '' });
    expect(await waiting).toEqual({ kind: 'closed', code: 1006, reason: '' });
    expect(await closed.next(['V0AcceptJobRequest'], far())).toEqual({ kind: 'closed', code: 1006, reason: '' });

    const aborted = new JobInbox(JOB);
    aborted.finish({ kind: 'aborted' });
    expect(await aborted.next(['V0AcceptJobRequest'], far())).toEqual({ kind: 'aborted' });
  });
});
