/**
 * One try of an organic job on one miner, exactly as reference §1.4: auth → V0InitialJobRequest
 * (started receipt) → accept → accepted receipt → executor ready → V0JobRequest → volumes ready →
 * execution done → finished; the finished receipt is sent whatever happened (score 0 on failure).
 * Deadlines after readiness are cumulative: time left by one stage carries over to the next.
 * An abort (cancellation) closes the connection; the miner then kills the executor.
 */
import type { Hotkey } from '@horde/hotkey';
import { executorClassSpec } from '@horde/protocol';
import type { HordeFailureReason, JobStatus, MinerToValidatorMessage } from '@horde/protocol';
import type { Logger } from '@horde/service';
import type { OrganicJobRequest } from '../services/organic-job-request';
import { connectToMiner } from './connect';
import type { MinerConnection, MinerEndpoint } from './connect';
import { JobInbox, ENDING_TYPES } from './inbox';
import type { EndingMessage, MinerMessageType, WaitResult } from './inbox';
import { readinessS } from './limits';
import type { MinerClientLimits } from './limits';
import { outcomeOfEnding, validatorHordeFailure } from './outcome';
import type { MinerOutcome, MinerRunResult } from './outcome';
import type { ReceiptSigner } from './receipts';

/** Progress statuses a try reports before its end. */
export type ProgressStatus = Extract<JobStatus, 'accepted' | 'executor_ready' | 'volumes_ready' | 'execution_done'>;

export interface RunOnMinerDeps {
  readonly key: Hotkey;
  readonly receipts: ReceiptSigner;
  readonly limits: MinerClientLimits;
  readonly logger: Logger;
}

export interface RunOnMinerHooks {
  readonly onProgress: (status: ProgressStatus) => Promise<void>;
  readonly signal: AbortSignal;
}

/** A stage after the job request: the message that ends it, its status, and the seconds it adds to the deadline. */
interface Stage {
  readonly wait: MinerMessageType;
  readonly progress: ProgressStatus;
  readonly timeoutReason: HordeFailureReason;
  readonly addS: number;
}

export async function runOnMiner(job: OrganicJobRequest, miner: MinerEndpoint, deps: RunOnMinerDeps, hooks: RunOnMinerHooks): Promise<MinerRunResult> {
  const startedAt = new Date();
  const log = deps.logger.child({ jobUuid: job.uuid, miner: miner.hotkey });
  const parties = { jobUuid: job.uuid, minerHotkey: miner.hotkey };
  const state = { jobSent: false, initialSent: false };
  const result = (outcome: MinerOutcome): MinerRunResult => ({ outcome, jobSent: state.jobSent, startedAt, endedAt: new Date() });
  if (hooks.signal.aborted) return result({ kind: 'cancelled', reason: String(hooks.signal.reason ?? 'cancelled') });

  const inbox = new JobInbox(job.uuid);
  let conn: MinerConnection;
  try {
    conn = await connectToMiner(miner, {
      key: deps.key,
      logger: deps.logger,
      connectTimeoutMs: deps.limits.connectMs,
      onMessage: (message) => inbox.push(message),
      onClose: (info) => inbox.finish({ kind: 'closed', ...info }),
    });
  } catch (err) {
    log.info({ err }, 'miner unreachable');
    return result(validatorHordeFailure('miner_connection_failed', `could not connect to the miner at ${miner.address}:${miner.port}: ${(err as Error).message}`));
  }
  const onAbort = (): void => inbox.finish({ kind: 'aborted' });
  hooks.signal.addEventListener('abort', onAbort, { once: true });

  let outcome: MinerOutcome;
  try {
    outcome = await drive(job, miner, conn, inbox, deps, hooks, state);
  } catch (err) {
    log.error({ err }, 'job driver failed');
    outcome = validatorHordeFailure('unhandled_exception', `validator error: ${(err as Error).message}`);
  } finally {
    hooks.signal.removeEventListener('abort', onAbort);
  }
  // A cancel that lost the race with the job's end changes nothing: the job ended as it ended.
  if (outcome.kind === 'cancelled') outcome = { kind: 'cancelled', reason: String(hooks.signal.reason ?? 'cancelled') };

  if (state.initialSent) {
    const paid = outcome.kind === 'completed' ? jobValue(job).toFixed(6) : '0.000000';
    const receipt = await deps.receipts.finished(parties, startedAt, paid);
    if (conn.isOpen) conn.send({ message_type: 'V0JobFinishedReceiptRequest', payload: receipt.payload, signature: receipt.signature });
  }
  conn.close(1000, outcome.kind === 'cancelled' ? 'job cancelled' : 'job over');
  log.info({ outcome: outcome.kind, duration_ms: Date.now() - startedAt.getTime() }, 'job try ended');
  return result(outcome);
}

/**
 * The executor-seconds a job may use: the value written in its finished receipt (the reference pays
 * `allowance_job_value`, the same sum; allowance blocks come with a later issue).
 */
function jobValue(job: OrganicJobRequest): number {
  return job.download_time_limit + job.streaming_start_time_limit + job.execution_time_limit + job.upload_time_limit;
}

async function drive(
  job: OrganicJobRequest,
  miner: MinerEndpoint,
  conn: MinerConnection,
  inbox: JobInbox,
  deps: RunOnMinerDeps,
  hooks: RunOnMinerHooks,
  state: { jobSent: boolean; initialSent: boolean },
): Promise<MinerOutcome> {
  const { limits } = deps;
  const parties = { jobUuid: job.uuid, minerHotkey: miner.hotkey };
  const timing = {
    allowed_leeway: limits.leewayS,
    download_time_limit: job.download_time_limit,
    execution_time_limit: job.execution_time_limit,
    upload_time_limit: job.upload_time_limit,
    streaming_start_time_limit: job.streaming_start_time_limit,
  };

  // Reservation stage.
  const started = await deps.receipts.started(parties, job.executor_class, limits.reservationS);
  conn.send({
    message_type: 'V0InitialJobRequest',
    job_uuid: job.uuid,
    executor_class: job.executor_class,
    docker_image: job.docker_image,
    timeout_seconds: null,
    volume: job.volume ?? null,
    job_started_receipt_payload: started.payload,
    job_started_receipt_signature: started.signature,
    streaming_details: null,
    executor_timing: timing,
  });
  state.initialSent = true;
  const accepted = await wait(inbox, 'V0AcceptJobRequest', Date.now() + limits.reservationS * 1000, 'initial_response_timed_out');
  if (accepted.kind !== 'message') return accepted.outcome;
  await hooks.onProgress('accepted');

  // Spin-up / startup stage.
  const readiness = readinessS(limits, job.executor_class);
  const stagesS = timing.allowed_leeway + timing.download_time_limit + timing.execution_time_limit + timing.upload_time_limit + timing.streaming_start_time_limit;
  const acceptedReceipt = await deps.receipts.accepted(parties, readiness + stagesS);
  conn.send({ message_type: 'V0JobAcceptedReceiptRequest', payload: acceptedReceipt.payload, signature: acceptedReceipt.signature });
  const ready = await wait(inbox, 'V0ExecutorReadyRequest', Date.now() + readiness * 1000, 'executor_readiness_response_timed_out');
  if (ready.kind !== 'message') return ready.outcome;
  await hooks.onProgress('executor_ready');

  // The cumulative deadline starts with the leeway.
  let deadline = Date.now() + limits.leewayS * 1000;
  conn.send({
    message_type: 'V0JobRequest',
    job_uuid: job.uuid,
    executor_class: job.executor_class,
    docker_image: job.docker_image,
    raw_script: null,
    // GPUs for GPU classes (the reference's use_gpu; an organic request carries no such flag).
    docker_run_options_preset: executorClassSpec(job.executor_class)?.hasGpu ? 'nvidia_all' : 'none',
    docker_run_cmd: job.args,
    env: job.env,
    volume: null, // it travelled in the initial request
    output_upload: job.output_upload ?? null,
    artifacts_dir: job.artifacts_dir ?? null,
  });
  state.jobSent = true;

  // Streaming jobs are not offered yet (OrganicJobRequest has no streaming details): the streaming
  // start limit, normally 0, joins the execution stage.
  const stages: Stage[] = [
    { wait: 'V0VolumesReadyRequest', progress: 'volumes_ready', timeoutReason: 'volumes_timed_out', addS: job.download_time_limit },
    { wait: 'V0ExecutionDoneRequest', progress: 'execution_done', timeoutReason: 'execution_timed_out', addS: job.streaming_start_time_limit + job.execution_time_limit },
  ];
  for (const stage of stages) {
    deadline += stage.addS * 1000;
    const got = await wait(inbox, stage.wait, deadline, stage.timeoutReason);
    if (got.kind !== 'message') return got.outcome;
    await hooks.onProgress(stage.progress);
  }
  deadline += job.upload_time_limit * 1000;
  const finished = await wait(inbox, 'V0JobFinishedRequest', deadline, 'final_response_timed_out');
  if (finished.kind !== 'message') return finished.outcome;
  const message = finished.message as Extract<MinerToValidatorMessage, { message_type: 'V0JobFinishedRequest' }>;
  return {
    kind: 'completed',
    result: {
      docker_process_stdout: message.docker_process_stdout,
      docker_process_stderr: message.docker_process_stderr,
      artifacts: message.artifacts ?? {},
      upload_results: message.upload_results ?? {},
    },
  };
}

type Waited = { readonly kind: 'message'; readonly message: MinerToValidatorMessage } | { readonly kind: 'ended'; readonly outcome: MinerOutcome };

/** Waits for one stage's message; anything else that can happen becomes the job's outcome. */
async function wait(inbox: JobInbox, type: MinerMessageType, deadline: number, timeoutReason: HordeFailureReason): Promise<Waited> {
  const got: WaitResult = await inbox.next([type], deadline);
  switch (got.kind) {
    case 'message':
      if ((ENDING_TYPES as readonly string[]).includes(got.message.message_type)) return { kind: 'ended', outcome: outcomeOfEnding(got.message as EndingMessage) };
      return { kind: 'message', message: got.message };
    case 'timeout':
      return { kind: 'ended', outcome: validatorHordeFailure(timeoutReason, `no ${type} from the miner in time`) };
    case 'closed':
      return { kind: 'ended', outcome: validatorHordeFailure('miner_connection_failed', `the miner closed the connection (${got.code}${got.reason ? ` ${got.reason}` : ''})`) };
    case 'aborted':
      return { kind: 'ended', outcome: { kind: 'cancelled', reason: 'cancelled' } };
  }
}
