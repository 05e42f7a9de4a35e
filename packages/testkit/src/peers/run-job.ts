/**
 * The organic job lifecycle of reference §1.4, driven from the validator's side: reserve
 * (initial request) → accepted receipt → executor ready → job request → result → finished receipt.
 */
import type { FakeValidator, MinerMessage, MinerMessageType } from './fake-validator';
import type { InitialJobOptions, JobRequestOptions } from './validator-messages';

/** The initial request's options (`dockerImage` is the job request's), the job request's, and: */
export type JobSpec = Omit<InitialJobOptions, 'jobUuid' | 'dockerImage'> & Omit<JobRequestOptions, 'jobUuid' | 'executorClass'> & JobRunOptions;

export interface JobRunOptions {
  jobUuid?: string;
  /** Longest wait for each stage's answer (30 s by default). */
  stageTimeoutMs?: number;
  /** `score_str` of the finished receipt after a success (`"1.000000"`); a failure always pays `"0.000000"`. */
  scoreStr?: string;
}

export type JobOutcome = 'finished' | 'failed' | 'horde_failed' | 'declined';

export interface JobRun {
  readonly jobUuid: string;
  readonly outcome: JobOutcome;
  /** The message that ended the job (finished, failed, horde failure or decline). */
  readonly final: MinerMessage;
  /** Every message the miner sent about this job, in order. */
  readonly messages: MinerMessage[];
}

const OUTCOMES: Partial<Record<MinerMessageType, JobOutcome>> = {
  V0JobFinishedRequest: 'finished',
  V0JobFailedRequest: 'failed',
  V0HordeFailedRequest: 'horde_failed',
  V0DeclineJobRequest: 'declined',
};
const FAILURES = ['V0JobFailedRequest', 'V0HordeFailedRequest'] as const;

export async function runJob(validator: FakeValidator, spec: JobSpec): Promise<JobRun> {
  const timeout = spec.stageTimeoutMs ?? 30_000;
  if (!validator.received.some((message) => message.message_type === 'V0ExecutorManifestRequest')) await validator.authenticate(timeout);

  const startedAt = new Date();
  const initial = validator.sendInitialJob({ ...spec, dockerImage: spec.dockerImage ?? null });
  const jobUuid = initial.job_uuid;
  const wait = (types: readonly MinerMessageType[]) => validator.next(types, timeout, jobUuid);

  let last = await wait(['V0AcceptJobRequest', 'V0DeclineJobRequest', ...FAILURES]);
  if (last.message_type === 'V0AcceptJobRequest') {
    validator.sendAcceptedReceipt({ jobUuid });
    last = await wait(['V0ExecutorReadyRequest', ...FAILURES]);
  }
  if (last.message_type === 'V0ExecutorReadyRequest') {
    validator.sendJobRequest({ ...spec, jobUuid, executorClass: initial.executor_class });
    last = await wait(['V0JobFinishedRequest', ...FAILURES]);
  }

  const outcome = OUTCOMES[last.message_type] ?? 'failed';
  validator.sendFinishedReceipt({
    jobUuid,
    timeStarted: startedAt.toISOString(),
    timeTookUs: (Date.now() - startedAt.getTime()) * 1000,
    scoreStr: outcome === 'finished' ? (spec.scoreStr ?? '1.000000') : '0.000000',
  });
  const messages = validator.received.filter((message) => 'job_uuid' in message && message.job_uuid === jobUuid);
  return { jobUuid, outcome, final: last, messages };
}
