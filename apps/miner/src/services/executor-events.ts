import { sign, streamingReadyBlob } from '@horde/hotkey';
import type { Hotkey } from '@horde/hotkey';
import type { ExecutorToMinerMessage, MinerToExecutorMessage } from '@horde/protocol';
import type { Handlers } from '@horde/service';
import type { AcceptedJobPatch } from '../db/jobs';
import { minerErrors } from '../errors';
import type { JobLifecycle } from './job-lifecycle';
import type { JobSession } from './job-sessions';

type In = typeof ExecutorToMinerMessage;
type Out = typeof MinerToExecutorMessage;
type Message<T extends ExecutorToMinerMessage['message_type']> = Extract<ExecutorToMinerMessage, { message_type: T }>;

export interface ExecutorEventsDeps {
  readonly hotkey: Hotkey;
  readonly lifecycle: JobLifecycle;
}

/**
 * What the executor of `session` reports, relayed to the validator in arrival order. Each report
 * is stored first (status and stage time), then relayed, so the database is never behind what the
 * validator was told. `executor_token` never leaves the miner.
 */
export function executorHandlers(session: JobSession, deps: ExecutorEventsDeps): Handlers<In, Out> {
  const { lifecycle } = deps;
  const record = (patch: AcceptedJobPatch) => lifecycle.record(session, patch);

  /** Every report must be about this job, and the job must still be live. */
  const live = <T extends ExecutorToMinerMessage['message_type']>(handle: (message: Message<T>) => Promise<void> | void) => async (message: Message<T>) => {
    if (session.ended) throw minerErrors.error('JOB_UNKNOWN', 'the job is over');
    if ('job_uuid' in message && message.job_uuid !== session.jobUuid) throw minerErrors.error('JOB_UUID_MISMATCH', `expected ${session.jobUuid}`);
    await handle(message);
  };

  return {
    V0ExecutorReadyRequest: live(async (message) => {
      if (session.state !== 'connected') throw minerErrors.error('EXECUTOR_REPORT_UNEXPECTED', `${message.message_type} in state ${session.state}`);
      await record({ status: 'WAITING_FOR_PAYLOAD', executorReadyAt: new Date() });
      lifecycle.toValidator(session, { message_type: message.message_type, job_uuid: message.job_uuid });
      await lifecycle.executorReady(session);
    }),
    V0VolumesReadyRequest: live(async (message) => {
      await record({ volumesReadyAt: new Date() });
      lifecycle.toValidator(session, message);
    }),
    V0StreamingJobReadyRequest: live((message) => {
      // The miner vouches for where the streaming server is: the address it gave the executor.
      const ip = session.executorIp ?? message.ip ?? null;
      const minerSignature = sign(deps.hotkey, streamingReadyBlob(message.job_uuid, ip, message.port, message.public_key));
      lifecycle.toValidator(session, { message_type: message.message_type, job_uuid: message.job_uuid, public_key: message.public_key, ip, port: message.port, miner_signature: minerSignature });
    }),
    V0ExecutionDoneRequest: live(async (message) => {
      await record({ executionDoneAt: new Date() });
      lifecycle.toValidator(session, message);
    }),
    V0MachineSpecsRequest: live((message) => lifecycle.toValidator(session, message)),
    V0JobFinishedRequest: live(async (message) => {
      const patch = { status: 'FINISHED' as const, stdout: message.docker_process_stdout, stderr: message.docker_process_stderr, artifacts: message.artifacts ?? null, uploadResults: message.upload_results ?? null };
      if (await lifecycle.end(session, patch, 'release')) lifecycle.toValidator(session, message);
    }),
    V0JobFailedRequest: live(async (message) => {
      const patch = {
        status: 'FAILED' as const,
        errorType: message.reason,
        errorDetail: message.message,
        exitStatus: message.docker_process_exit_status ?? null,
        stdout: message.docker_process_stdout ?? null,
        stderr: message.docker_process_stderr ?? null,
      };
      if (await lifecycle.end(session, patch, 'release')) lifecycle.toValidator(session, message);
    }),
    V0HordeFailedRequest: live(async (message) => {
      if (await lifecycle.end(session, { status: 'FAILED', errorType: message.reason, errorDetail: message.message }, 'release')) lifecycle.toValidator(session, message);
    }),
    // Legacy reports: relayed as they are (the reference validator maps them to horde failures).
    V0ExecutorFailedRequest: live(async (message) => {
      if (await lifecycle.end(session, { status: 'FAILED', errorType: 'executor_failed', errorDetail: message.message_type }, 'release')) {
        lifecycle.toValidator(session, { message_type: message.message_type, job_uuid: message.job_uuid });
      }
    }),
    V0StreamingJobNotReadyRequest: live(async (message) => {
      if (await lifecycle.end(session, { status: 'FAILED', errorType: 'streaming_failed', errorDetail: message.message_type }, 'release')) {
        lifecycle.toValidator(session, { message_type: message.message_type, job_uuid: message.job_uuid });
      }
    }),
    // The executor gave up on something we sent: the job cannot go on (the reference does the same).
    // Never answered with a GenericError, even after the job ended: two peers must not ping-pong errors.
    GenericError: async (message) => {
      if (session.ended) return session.log.warn({ details: message.details?.slice(0, 500) }, 'executor error after the job ended');
      await lifecycle.hordeFailure(session, 'generic_error', `Executor failed: ${(message.details ?? '').slice(0, 1000)}`, 'kill');
    },
  };
}
