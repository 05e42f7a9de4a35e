import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { streamingReadyBlob, verify } from '@horde/hotkey';
import { TEST_WALLETS, waitFor } from '@horde/testkit';
import type { FakeExecutor, FakeValidator, InitialJobOptions } from '@horde/testkit';
import { useTestDatabase } from '@horde/testkit/vitest';
import { acceptedJobs, jobAcceptedReceipts, jobFinishedReceipts } from '../db/schema';
import { minerTemplate, startTestMiner } from '../test-support/harness';
import type { TestMiner } from '../test-support/harness';

const db = useTestDatabase({ template: minerTemplate, prefix: 'miner_relay' });

let miner: TestMiner;
const sockets: Array<FakeValidator | FakeExecutor> = [];

beforeAll(async () => {
  miner = await startTestMiner({ databaseUrl: db.url, manifest: { 'always_on.test': 50 } });
});
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((socket) => socket.close()));
});
afterAll(async () => {
  await miner.close();
});

async function jobRow(jobUuid: string) {
  const [row] = await miner.database.db.select().from(acceptedJobs).where(eq(acceptedJobs.jobUuid, jobUuid));
  return row;
}

/** An authenticated validator whose job was accepted, and the executor connected for it. */
async function acceptedJob(options: InitialJobOptions = {}) {
  const validator = await miner.connectValidator();
  sockets.push(validator);
  await validator.authenticate();
  const initial = validator.sendInitialJob(options);
  await validator.next('V0AcceptJobRequest');
  const token = await miner.tokenOf(initial.job_uuid);
  const executor = await miner.connectExecutor(token);
  sockets.push(executor);
  const executorInitial = await executor.next('V0InitialJobRequest');
  return { validator, executor, initial, token, executorInitial, jobUuid: initial.job_uuid };
}

describe('relay between validator and executor', () => {
  it('runs a whole job: every report relayed in order, the job FINISHED, receipts stored', async () => {
    const jobUuid = randomUUID();
    const validator = await miner.connectValidator();
    sockets.push(validator);
    const run = validator.runJob({ jobUuid, env: { SECRET_TOKEN: 'hunter2' }, cmd: ['echo', 'hi'] });

    const token = await miner.tokenOf(jobUuid);
    const executor = await miner.connectExecutor(token);
    sockets.push(executor);
    const initial = await executor.next('V0InitialJobRequest');
    expect(initial.job_uuid).toBe(jobUuid);
    expect(initial.job_started_receipt_payload.miner_hotkey).toBe(TEST_WALLETS.miner.address);
    executor.send({ message_type: 'V0ExecutorReadyRequest', job_uuid: jobUuid, executor_token: token });
    const request = await executor.next('V0JobRequest');
    expect(request).toMatchObject({ job_uuid: jobUuid, docker_run_cmd: ['echo', 'hi'], env: { SECRET_TOKEN: 'hunter2' } });
    executor.send({ message_type: 'V0VolumesReadyRequest', job_uuid: jobUuid });
    executor.send({ message_type: 'V0ExecutionDoneRequest', job_uuid: jobUuid });
    executor.send({ message_type: 'V0MachineSpecsRequest', job_uuid: jobUuid, specs: { specs: { cpu: { count: 8 } } } });
    executor.send({ message_type: 'V0JobFinishedRequest', job_uuid: jobUuid, docker_process_stdout: 'hi\n', docker_process_stderr: '', artifacts: { '/artifacts/a.txt': 'aGk=' } });

    const result = await run;
    expect(result.outcome).toBe('finished');
    expect(result.messages.map((m) => m.message_type)).toEqual([
      'V0AcceptJobRequest',
      'V0ExecutorReadyRequest',
      'V0VolumesReadyRequest',
      'V0ExecutionDoneRequest',
      'V0MachineSpecsRequest',
      'V0JobFinishedRequest',
    ]);
    const ready = result.messages[1] as { executor_token?: unknown };
    expect(ready.executor_token).toBeUndefined();
    expect(result.final).toMatchObject({ docker_process_stdout: 'hi\n', artifacts: { '/artifacts/a.txt': 'aGk=' } });

    const job = await jobRow(jobUuid);
    expect(job).toMatchObject({ status: 'FINISHED', stdout: 'hi\n', stderr: '', artifacts: { '/artifacts/a.txt': 'aGk=' } });
    expect(job?.fullJobDetails).toMatchObject({ env: { SECRET_TOKEN: '[redacted]' } });
    expect(JSON.stringify(job)).not.toContain('hunter2');
    for (const stage of ['executorReadyAt', 'volumesReadyAt', 'executionDoneAt', 'finishedAt'] as const) expect(job?.[stage]).toBeInstanceOf(Date);

    const receipts = await waitFor(
      async () => {
        const [accepted] = await miner.database.db.select().from(jobAcceptedReceipts).where(eq(jobAcceptedReceipts.jobUuid, jobUuid));
        const [finished] = await miner.database.db.select().from(jobFinishedReceipts).where(eq(jobFinishedReceipts.jobUuid, jobUuid));
        return accepted && finished && { accepted, finished };
      },
      { what: 'accepted and finished receipts' },
    );
    expect(receipts.finished).toMatchObject({ scoreStr: '1.000000', blockNumbers: [] });
    expect(receipts.accepted.minerSignature).toMatch(/^0x[0-9a-f]{128}$/);
    expect(miner.manager.killed).not.toContain(token);
  });

  it('holds a job request that comes before the executor is ready', async () => {
    const { validator, executor, jobUuid } = await acceptedJob();
    validator.sendJobRequest({ jobUuid, cmd: ['true'] });
    await waitFor(async () => (await jobRow(jobUuid))?.fullJobDetails, { what: 'full job details stored' });
    expect(executor.received.map((m) => m.message_type)).toEqual(['V0InitialJobRequest']);
    executor.send({ message_type: 'V0ExecutorReadyRequest', job_uuid: jobUuid });
    const request = await executor.next('V0JobRequest');
    expect(request.docker_run_cmd).toEqual(['true']);
    expect((await jobRow(jobUuid))?.status).toBe('RUNNING');
  });

  it('relays a user-job failure under both field names and stores it', async () => {
    const { validator, executor, jobUuid } = await acceptedJob();
    executor.send({ message_type: 'V0ExecutorReadyRequest', job_uuid: jobUuid });
    await validator.next('V0ExecutorReadyRequest');
    validator.sendJobRequest({ jobUuid });
    await executor.next('V0JobRequest');
    executor.sendRaw(JSON.stringify({ message_type: 'V0JobFailedRequest', job_uuid: jobUuid, error_type: 'nonzero_return_code', error_detail: 'exit 3', stage: 'execution', docker_process_exit_status: 3, docker_process_stdout: 'out' }));
    const failed = await validator.next('V0JobFailedRequest');
    expect(failed).toMatchObject({ reason: 'nonzero_return_code', error_type: 'nonzero_return_code', message: 'exit 3', error_detail: 'exit 3', docker_process_exit_status: 3 });
    expect(await jobRow(jobUuid)).toMatchObject({ status: 'FAILED', errorType: 'nonzero_return_code', errorDetail: 'exit 3', exitStatus: 3, stdout: 'out' });
  });

  it('fills in the executor address of a streaming job and signs the streaming-ready report', async () => {
    const { validator, executor, jobUuid, executorInitial } = await acceptedJob({ streamingDetails: { public_key: 'CLIENT-PEM' } });
    expect(executorInitial.streaming_details).toEqual({ public_key: 'CLIENT-PEM', executor_ip: '127.0.0.1' });
    executor.send({ message_type: 'V0StreamingJobReadyRequest', job_uuid: jobUuid, public_key: 'SERVER-PEM', port: 6006, ip: '10.9.9.9' });
    const ready = await validator.next('V0StreamingJobReadyRequest');
    expect(ready).toMatchObject({ ip: '127.0.0.1', port: 6006, public_key: 'SERVER-PEM' });
    expect(verify(streamingReadyBlob(jobUuid, '127.0.0.1', 6006, 'SERVER-PEM'), ready.miner_signature ?? '', TEST_WALLETS.miner.address)).toBe(true);
  });

  it('turns a GenericError from the executor into a horde failure and kills the executor', async () => {
    const { validator, executor, jobUuid, token } = await acceptedJob();
    executor.send({ message_type: 'GenericError', details: 'cannot parse what you sent' });
    const failure = await validator.next('V0HordeFailedRequest');
    expect(failure).toMatchObject({ job_uuid: jobUuid, reason: 'generic_error', reported_by: 'miner' });
    expect(failure.message).toContain('cannot parse what you sent');
    await waitFor(() => miner.manager.killed.includes(token), { what: 'executor killed' });
    expect((await jobRow(jobUuid))?.status).toBe('FAILED');
  });

  it('fails the job when the executor disconnects mid-job', async () => {
    const { validator, executor, jobUuid, token } = await acceptedJob();
    executor.send({ message_type: 'V0ExecutorReadyRequest', job_uuid: jobUuid });
    await validator.next('V0ExecutorReadyRequest');
    executor.terminate();
    const failure = await validator.next('V0HordeFailedRequest');
    expect(failure).toMatchObject({ job_uuid: jobUuid, reason: 'executor_disconnected', reported_by: 'miner' });
    expect(await jobRow(jobUuid)).toMatchObject({ status: 'FAILED', errorType: 'executor_disconnected' });
    await waitFor(() => miner.manager.killed.includes(token), { what: 'executor killed' });
  });

  it('kills the executor and fails the job when the validator disconnects mid-job', async () => {
    const { validator, executor, jobUuid, token } = await acceptedJob();
    executor.send({ message_type: 'V0ExecutorReadyRequest', job_uuid: jobUuid });
    await validator.next('V0ExecutorReadyRequest');
    await validator.close();
    await waitFor(() => miner.manager.killed.includes(token), { what: 'executor killed' });
    const closed = await executor.closed;
    expect(closed.code).toBe(1000);
    expect(await jobRow(jobUuid)).toMatchObject({ status: 'FAILED', errorType: 'validator_disconnected' });
  });
});

describe('executor interface: who may connect', () => {
  it('refuses an unknown token with a GenericError and 4002', async () => {
    const executor = await miner.connectExecutor(`${randomUUID()}-${randomUUID()}`);
    sockets.push(executor);
    const error = await executor.next('GenericError');
    expect(error.details).toMatch(/^EXECUTOR_TOKEN_UNKNOWN: /);
    expect((await executor.closed).code).toBe(4002);
  });

  it('keeps the first executor of a token and refuses a second one', async () => {
    const { validator, executor, jobUuid, token } = await acceptedJob();
    const intruder = await miner.connectExecutor(token);
    sockets.push(intruder);
    expect((await intruder.next('GenericError')).details).toMatch(/^EXECUTOR_ALREADY_CONNECTED: /);
    expect((await intruder.closed).code).toBe(4002);
    executor.send({ message_type: 'V0ExecutorReadyRequest', job_uuid: jobUuid });
    expect((await validator.next('V0ExecutorReadyRequest')).job_uuid).toBe(jobUuid);
  });

  it('answers a report about another job with a GenericError and does not relay it', async () => {
    const { validator, executor, jobUuid } = await acceptedJob();
    executor.send({ message_type: 'V0ExecutorReadyRequest', job_uuid: randomUUID() });
    expect((await executor.next('GenericError')).details).toMatch(/^JOB_UUID_MISMATCH: /);
    executor.send({ message_type: 'V0ExecutorReadyRequest', job_uuid: jobUuid });
    await validator.next('V0ExecutorReadyRequest');
    expect(validator.received.filter((m) => m.message_type === 'V0ExecutorReadyRequest')).toHaveLength(1);
  });
});

describe('shutdown', () => {
  it('leaves no job in progress: closing the app ends live jobs and kills their executors', async () => {
    const own = await startTestMiner({ databaseUrl: db.url });
    try {
      const validator = await own.connectValidator();
      await validator.authenticate();
      const initial = validator.sendInitialJob();
      await validator.next('V0AcceptJobRequest');
      const token = await own.tokenOf(initial.job_uuid);
      await own.app.close();
      expect((await validator.closed).code).toBe(1012);
      const [row] = await own.database.db.select().from(acceptedJobs).where(eq(acceptedJobs.jobUuid, initial.job_uuid));
      expect(row?.status).toBe('FAILED');
      expect(['miner_shutdown', 'validator_disconnected']).toContain(row?.errorType);
      await waitFor(() => own.manager.killed.includes(token), { what: 'executor killed' });
    } finally {
      await own.pool.close();
      await own.database.close();
    }
  });
});
