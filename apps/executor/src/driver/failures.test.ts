import { describe, expect, it } from 'vitest';
import { ExecutorToMinerMessage } from '@horde/protocol';
import { executorErrors } from '../errors';
import { executorIo } from '../io-errors';
import { failureMessage } from './failures';

const jobUuid = '7b5ad2b4-2c5e-4f36-9a35-6a1e0c0d2a11';

describe('failureMessage', () => {
  it('reports download errors as download_failed in volume_download, whatever the stage', () => {
    for (const code of ['DOWNLOAD_FAILED', 'VOLUME_TOO_LARGE', 'VOLUME_INVALID'] as const) {
      expect(failureMessage(executorIo.error(code, 'x', { context: { url: 'http://h/p' } }), { jobUuid, stage: 'execution' })).toMatchObject({
        message_type: 'V0JobFailedRequest',
        reason: 'download_failed',
        stage: 'volume_download',
        context: { error_code: code, url: 'http://h/p' },
      });
    }
  });

  it('reports upload errors as upload_failed in result_upload, with the execution output', () => {
    const execution = { exitCode: 0, timedOut: false, stdout: 'out', stderr: 'err', durationMs: 5 };
    expect(failureMessage(executorIo.error('UPLOAD_FAILED'), { jobUuid, stage: 'result_upload', execution })).toMatchObject({
      reason: 'upload_failed',
      stage: 'result_upload',
      docker_process_exit_status: 0,
      docker_process_stdout: 'out',
      docker_process_stderr: 'err',
    });
  });

  it('reports a deadline as a timeout of the current stage', () => {
    expect(failureMessage(executorErrors.error('DEADLINE_EXCEEDED'), { jobUuid, stage: 'volume_download' })).toMatchObject({ reason: 'timeout', stage: 'volume_download' });
    expect(failureMessage(executorIo.error('IO_ABORTED'), { jobUuid, stage: 'result_upload' })).toMatchObject({ reason: 'timeout', stage: 'result_upload' });
  });

  it('maps infrastructure errors to horde failures reported by the executor', () => {
    const cases = [
      ['SECURITY_CHECK_FAILED', 'security_check_failed'],
      ['STREAMING_UNSUPPORTED', 'streaming_failed'],
      ['STARTUP_TIMEOUT', 'unhandled_timeout'],
      ['VOLUME_SENT_TWICE', 'generic_error'],
      ['IMAGE_PULL_FAILED', 'unhandled_exception'],
    ] as const;
    for (const [code, reason] of cases) {
      expect(failureMessage(executorErrors.error(code), { jobUuid, stage: 'executor_startup' })).toMatchObject({
        message_type: 'V0HordeFailedRequest',
        reported_by: 'executor',
        reason,
        context: { stage: 'executor_startup', error_code: code },
      });
    }
  });

  it('reports anything unexpected as unhandled_exception with the stage', () => {
    const message = failureMessage(new TypeError('x is undefined'), { jobUuid, stage: 'execution' });
    expect(message).toMatchObject({ reason: 'unhandled_exception', context: { stage: 'execution', exception_type: 'TypeError' } });
    expect(message?.message).toContain('x is undefined');
  });

  it('has nothing to report when the miner is gone or never sent the job', () => {
    expect(failureMessage(executorErrors.error('MINER_DISCONNECTED'), { jobUuid, stage: 'execution' })).toBeUndefined();
    expect(failureMessage(executorErrors.error('INITIAL_REQUEST_TIMEOUT'), { jobUuid, stage: 'executor_startup' })).toBeUndefined();
  });

  it('always produces a frame the outbound schema accepts, even from a context JSON cannot carry', () => {
    const odd = executorErrors.error('CONTAINER_CREATE_FAILED', 'x', { context: { big: 10n, nested: { f: () => 1, u: undefined } } });
    const message = failureMessage(odd, { jobUuid, stage: 'execution' });
    expect(message).toMatchObject({ context: { error_code: 'CONTAINER_CREATE_FAILED' } });
    expect(ExecutorToMinerMessage.safeParse(message).success).toBe(true);
  });
});
