import type { z } from 'zod';
import { assertNever, HordeError } from '@horde/protocol';
import type { HordeFailureReason, JobFailureReason, JobStage, V0HordeFailedRequest, V0JobFailedRequest } from '@horde/protocol';
import { executorErrors } from '../errors';
import type { ExecutorErrorCode } from '../errors';
import { executorIo } from '../io-errors';
import type { ExecutorIoCode } from '../io-errors';
import type { ExecutionResult } from './execution';
import { truncateOutput } from '../results';

export type FailureMessage = z.input<typeof V0JobFailedRequest> | z.input<typeof V0HordeFailedRequest>;

export interface FailureContext {
  jobUuid: string;
  stage: JobStage;
  /** The job container's result, once it ran: its exit status and output go with a job failure. */
  execution?: ExecutionResult;
}

type Mapping = { kind: 'job'; reason: JobFailureReason; stage?: JobStage } | { kind: 'horde'; reason: HordeFailureReason } | { kind: 'unreportable' };

/**
 * What the miner is told about an error that ended the job: `V0JobFailedRequest` when the user's
 * job is at fault (timeout, non-zero exit, its volume or upload failed), `V0HordeFailedRequest`
 * otherwise (unknown errors become `unhandled_exception` with the stage in the context), or
 * `undefined` when nothing can be reported (the miner is gone).
 */
export function failureMessage(err: unknown, ctx: FailureContext): FailureMessage | undefined {
  const mapping = mapError(err);
  const message = err instanceof Error ? err.message : String(err);
  switch (mapping.kind) {
    case 'unreportable':
      return undefined;
    case 'job':
      return {
        message_type: 'V0JobFailedRequest',
        job_uuid: ctx.jobUuid,
        reason: mapping.reason,
        stage: mapping.stage ?? ctx.stage,
        message,
        docker_process_exit_status: ctx.execution?.exitCode ?? null,
        docker_process_stdout: ctx.execution ? truncateOutput(ctx.execution.stdout) : null,
        docker_process_stderr: ctx.execution ? truncateOutput(ctx.execution.stderr) : null,
        context: errorContext(err),
      };
    case 'horde':
      return {
        message_type: 'V0HordeFailedRequest',
        job_uuid: ctx.jobUuid,
        reported_by: 'executor',
        reason: mapping.reason,
        message: mapping.reason === 'unhandled_exception' ? `Unhandled exception: ${message}` : message,
        context: { stage: ctx.stage, ...errorContext(err) },
      };
    default:
      return assertNever(mapping, 'failure mapping');
  }
}

function mapError(err: unknown): Mapping {
  if (executorIo.is(err)) return mapIoCode(err.code);
  if (executorErrors.is(err)) return mapExecutorCode(err.code);
  return { kind: 'horde', reason: 'unhandled_exception' };
}

function mapIoCode(code: ExecutorIoCode): Mapping {
  switch (code) {
    case 'DOWNLOAD_FAILED':
    case 'VOLUME_TOO_LARGE':
    case 'VOLUME_INVALID':
      return { kind: 'job', reason: 'download_failed', stage: 'volume_download' };
    case 'UPLOAD_FAILED':
    case 'OUTPUT_TOO_LARGE':
    case 'OUTPUT_INVALID':
      return { kind: 'job', reason: 'upload_failed', stage: 'result_upload' };
    case 'IO_ABORTED':
      // Transfers are aborted only when the stage's time ran out.
      return { kind: 'job', reason: 'timeout' };
    default:
      return assertNever(code, 'executor-io code');
  }
}

function mapExecutorCode(code: ExecutorErrorCode): Mapping {
  switch (code) {
    case 'DEADLINE_EXCEEDED':
      return { kind: 'job', reason: 'timeout' };
    case 'JOB_TIMED_OUT':
      return { kind: 'job', reason: 'timeout', stage: 'execution' };
    case 'JOB_NONZERO_EXIT':
      return { kind: 'job', reason: 'nonzero_return_code', stage: 'execution' };
    case 'SECURITY_CHECK_FAILED':
      return { kind: 'horde', reason: 'security_check_failed' };
    case 'STREAMING_UNSUPPORTED':
      return { kind: 'horde', reason: 'streaming_failed' };
    case 'STARTUP_TIMEOUT':
      return { kind: 'horde', reason: 'unhandled_timeout' };
    case 'EXECUTOR_STOPPED':
    case 'TIMING_MISSING':
    case 'VOLUME_SENT_TWICE':
    case 'MINER_ERROR':
      return { kind: 'horde', reason: 'generic_error' };
    case 'CONTAINER_CREATE_FAILED':
    case 'CONTAINER_START_FAILED':
    case 'IMAGE_PULL_FAILED':
    case 'CLEANUP_FAILED':
      return { kind: 'horde', reason: 'unhandled_exception' };
    case 'MINER_DISCONNECTED':
    case 'INITIAL_REQUEST_TIMEOUT':
      return { kind: 'unreportable' };
    default:
      return assertNever(code, 'executor code');
  }
}

/**
 * The error's code and its context as plain JSON (typed errors keep secrets and URLs' queries out
 * of their context); what JSON cannot carry is dropped rather than failing the report.
 */
function errorContext(err: unknown): Record<string, unknown> {
  if (!(err instanceof HordeError)) return { exception_type: err instanceof Error ? err.constructor.name : typeof err };
  try {
    return JSON.parse(JSON.stringify({ error_code: err.code, ...err.context })) as Record<string, unknown>;
  } catch {
    return { error_code: err.code };
  }
}
