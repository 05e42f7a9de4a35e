import type Docker from 'dockerode';
import type { Logger } from 'pino';
import { executorClassSpec, HordeError } from '@horde/protocol';
import type { JobStage } from '@horde/protocol';
import { ensureImage } from '../docker/image';
import { reapJobContainers } from '../docker/janitor';
import { normalizeImage } from '../docker/job-container';
import type { ContainerLimits } from '../docker/job-container';
import { executorErrors } from '../errors';
import { collectArtifacts, truncateOutput, writeStdStreams } from '../results';
import { runSecurityChecks } from '../security-checks';
import type { SecurityCheck } from '../security-checks';
import { collectSpecs } from '../specs';
import { uploadOutput } from '../uploads';
import { downloadVolume } from '../volumes';
import { Deadline } from './deadline';
import { executeJob } from './execution';
import type { ExecutionResult } from './execution';
import { failureMessage } from './failures';
import type { MinerLink } from './miner-link';
import { guardStage } from './stage-guard';
import { createWorkspace, openMountedDirs, removeWorkspace } from './workspace';
import type { Workspace } from './workspace';

/** Time past the deadline the stage guard allows, so that the container's own timeout reports first (with its output). */
const CONTAINER_TIMEOUT_GRACE_MS = 3_000;
/** How long the closing handshake may take before the executor gives up on it. */
const CLOSE_WAIT_MS = 3_000;

export interface DriverConfig {
  token: string;
  startupTimeLimitS: number;
  tempRoot: string;
  noGpu: boolean;
  hfToken?: string;
  hfEndpoint?: string;
  limits: ContainerLimits;
  securityChecks: readonly SecurityCheck[];
  /** Image of the cleanup helper container; the job's image when unset. */
  cleanupImage?: string;
}

export interface DriverDeps {
  docker: Docker;
  logger: Logger;
  config: DriverConfig;
  link: MinerLink;
  /** The startup stage's deadline, if it started before the driver (when dialling the miner). */
  startup?: Deadline;
  /** Aborting it stops the job (container killed, failure reported if possible, cleanup done). */
  signal?: AbortSignal;
}

export type JobOutcome = 'finished' | 'job_failed' | 'horde_failed' | 'unreported';

export interface DriverReport {
  outcome: JobOutcome;
  jobUuid: string | undefined;
  /** The reason sent with a failure. */
  reason?: string;
  durationMs: number;
  /** Milliseconds spent in each stage that was entered. */
  stages: Partial<Record<JobStage, number>>;
}

/**
 * Drives one job through the reference's stages (§2.3): startup, volume download, execution,
 * result upload, under a cumulative deadline; reports success or failure to the miner; and always
 * removes the job's containers and temp dir.
 */
export class JobDriver {
  private stage: JobStage = 'executor_startup';
  private stageStartedAt = Date.now();
  private readonly stageMs: Partial<Record<JobStage, number>> = {};
  private readonly stop = new AbortController();
  private log: Logger;
  private jobUuid: string | undefined;
  private jobImage: string | undefined;
  private ws: Workspace | undefined;
  private execution: ExecutionResult | undefined;

  constructor(private readonly deps: DriverDeps) {
    this.log = deps.logger.child({ component: 'job-driver' });
  }

  async run(): Promise<DriverReport> {
    const startedAt = Date.now();
    void this.deps.link.closed.then((info) => this.stop.abort(executorErrors.error('MINER_DISCONNECTED', `close code ${info.code}`)));
    const onStop = (): void => this.stop.abort(executorErrors.error('EXECUTOR_STOPPED'));
    if (this.deps.signal?.aborted) onStop();
    else this.deps.signal?.addEventListener('abort', onStop, { once: true });
    let outcome: JobOutcome = 'finished';
    let reason: string | undefined;
    try {
      await this.drive();
    } catch (err) {
      ({ outcome, reason } = this.reportFailure(err));
    } finally {
      this.deps.signal?.removeEventListener('abort', onStop);
      this.enter(this.stage);
      await this.cleanup();
      await this.closeLink();
    }
    const report: DriverReport = { outcome, jobUuid: this.jobUuid, ...(reason ? { reason } : {}), durationMs: Date.now() - startedAt, stages: this.stageMs };
    this.log.info({ outcome, reason, duration_ms: report.durationMs, stages: this.stageMs }, 'job summary');
    return report;
  }

  private async drive(): Promise<void> {
    const { docker, config, link } = this.deps;
    const startup = this.deps.startup ?? new Deadline(config.startupTimeLimitS);
    const specs = collectSpecs({ diskPath: config.tempRoot, noGpu: config.noGpu });

    // Startup: the initial request, checks, workspace, image.
    const initial = await this.guard(startup, 'INITIAL_REQUEST_TIMEOUT', () => link.inbox.next('V0InitialJobRequest', startup));
    const jobUuid = initial.job_uuid;
    this.jobUuid = jobUuid;
    this.log = this.log.child({ jobUuid });
    if (initial.streaming_details) throw executorErrors.error('STREAMING_UNSUPPORTED', 'send the job without streaming_details');
    const timing = initial.executor_timing;
    const firstDeadlineS = timing ? timing.allowed_leeway : initial.timeout_seconds;
    if (firstDeadlineS == null) throw executorErrors.error('TIMING_MISSING');
    let presentImage: string | undefined;
    await this.guard(startup, 'STARTUP_TIMEOUT', async () => {
      const gpu = !config.noGpu && (executorClassSpec(initial.executor_class)?.hasGpu ?? true);
      await runSecurityChecks(config.securityChecks, { docker, token: config.token, jobUuid, gpu, timeoutMs: startup.remainingMs() });
      this.ws = await createWorkspace(config.tempRoot);
      await reapJobContainers(docker, { token: config.token });
      if (initial.docker_image) {
        this.jobImage = initial.docker_image;
        const how = await ensureImage(docker, initial.docker_image);
        presentImage = normalizeImage(initial.docker_image);
        this.log.debug({ image: presentImage, how }, 'job image ready');
      }
    });
    const ws = this.ws as Workspace;
    link.send({ message_type: 'V0ExecutorReadyRequest', job_uuid: jobUuid });

    // From here on one cumulative deadline: leeway (or the single timeout), then each stage's limit.
    const deadline = new Deadline(firstDeadlineS);
    this.enter('volume_download');
    if (timing) deadline.extend(timing.download_time_limit);
    const job = await this.guard(deadline, 'DEADLINE_EXCEEDED', async (signal) => {
      const request = await link.inbox.next('V0JobRequest', deadline);
      this.jobImage = request.docker_image;
      if (initial.volume && request.volume) throw executorErrors.error('VOLUME_SENT_TWICE');
      const volume = initial.volume ?? request.volume;
      if (volume) {
        await downloadVolume(volume, ws.volume, { signal, logger: this.log, hfToken: config.hfToken, hfEndpoint: config.hfEndpoint, tempDir: ws.downloads });
      }
      await openMountedDirs(ws);
      return request;
    });
    link.send({ message_type: 'V0VolumesReadyRequest', job_uuid: jobUuid });

    this.enter('execution');
    if (timing) deadline.extend(timing.execution_time_limit);
    const execution = await this.guard(
      deadline,
      'DEADLINE_EXCEEDED',
      async (signal) => {
        if (normalizeImage(job.docker_image) !== presentImage) await ensureImage(docker, job.docker_image);
        const gpu = job.docker_run_options_preset === 'nvidia_all' && !config.noGpu;
        return executeJob({ docker, logger: this.log, token: config.token, job, ws, gpu, limits: config.limits, timeoutMs: deadline.remainingMs(), signal });
      },
      CONTAINER_TIMEOUT_GRACE_MS,
    );
    this.execution = execution;
    if (execution.timedOut) throw executorErrors.error('JOB_TIMED_OUT', `killed after ${execution.durationMs} ms`);
    if (execution.exitCode !== 0) {
      throw executorErrors.error('JOB_NONZERO_EXIT', `exit code ${execution.exitCode}`, { context: { exit_status: execution.exitCode } });
    }
    link.send({ message_type: 'V0ExecutionDoneRequest', job_uuid: jobUuid });

    this.enter('result_upload');
    if (timing) deadline.extend(timing.upload_time_limit);
    const results = await this.guard(deadline, 'DEADLINE_EXCEEDED', async (signal) => {
      await writeStdStreams(ws.output, execution.stdout, execution.stderr);
      const artifacts = job.artifacts_dir ? (await collectArtifacts(ws.artifacts, job.artifacts_dir, this.log)).artifacts : {};
      const uploadResults = job.output_upload ? await uploadOutput(job.output_upload, ws.output, { signal, logger: this.log, tempDir: ws.downloads }) : {};
      return { artifacts, uploadResults };
    });
    link.send({ message_type: 'V0MachineSpecsRequest', job_uuid: jobUuid, specs: { specs: await specs } });
    link.send({
      message_type: 'V0JobFinishedRequest',
      job_uuid: jobUuid,
      docker_process_stdout: truncateOutput(execution.stdout),
      docker_process_stderr: truncateOutput(execution.stderr),
      artifacts: results.artifacts,
      upload_results: results.uploadResults,
    });
  }

  private guard<T>(deadline: Deadline, timeoutCode: 'INITIAL_REQUEST_TIMEOUT' | 'STARTUP_TIMEOUT' | 'DEADLINE_EXCEEDED', work: (signal: AbortSignal) => Promise<T>, graceMs = 0): Promise<T> {
    const onTimeout = () => executorErrors.error(timeoutCode, `stage ${this.stage}`, { context: { stage: this.stage } });
    return guardStage(deadline, { parent: this.stop.signal, onTimeout, graceMs }, work);
  }

  /** Closes the current stage's timing and moves to `next`. */
  private enter(next: JobStage): void {
    const now = Date.now();
    this.stageMs[this.stage] = now - this.stageStartedAt;
    this.stage = next;
    this.stageStartedAt = now;
  }

  /** Tells the miner how the job failed; says what was reported. Never throws. */
  private reportFailure(err: unknown): { outcome: JobOutcome; reason?: string } {
    const { link } = this.deps;
    const message = this.jobUuid ? failureMessage(err, { jobUuid: this.jobUuid, stage: this.stage, ...(this.execution ? { execution: this.execution } : {}) }) : undefined;
    if (!message || !link.isOpen) {
      this.log.error({ err, stage: this.stage }, 'job ended without a report to the miner');
      return { outcome: 'unreported' };
    }
    const outcome = message.message_type === 'V0JobFailedRequest' ? 'job_failed' : 'horde_failed';
    // The user's job failing is business as usual; a horde failure is ours to investigate.
    if (outcome === 'job_failed') this.log.info({ code: err instanceof HordeError ? err.code : undefined, stage: this.stage, reason: message.reason }, 'job failed');
    else this.log.error({ err, stage: this.stage, reason: message.reason }, 'job failed (horde)');
    try {
      link.send(message);
    } catch (sendErr) {
      this.log.error({ err: sendErr }, 'could not report the failure to the miner');
      return { outcome: 'unreported' };
    }
    return { outcome, ...(message.reason ? { reason: String(message.reason) } : {}) };
  }

  /** Closes the connection normally and waits (boundedly) until every frame sent is out. */
  private async closeLink(): Promise<void> {
    this.deps.link.close(1000, 'job over');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.deps.link.closed, new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))]);
    clearTimeout(timer);
  }

  /** Removes whatever the job left: its containers (by token label) and its temp dir. Never throws. */
  private async cleanup(): Promise<void> {
    const { docker, config } = this.deps;
    try {
      const removed = await reapJobContainers(docker, { token: config.token });
      if (removed.length > 0) this.log.warn({ removed: removed.length }, 'removed leftover job containers');
    } catch (err) {
      this.log.error({ err }, 'could not reap job containers');
    }
    if (this.ws) {
      const how = await removeWorkspace(this.ws, {
        docker,
        helperImage: config.cleanupImage ?? this.jobImage,
        token: config.token,
        jobUuid: this.jobUuid ?? 'unknown',
        logger: this.log,
      });
      if (how !== 'removed') this.log.warn({ how }, 'temp dir cleanup');
    }
  }
}
