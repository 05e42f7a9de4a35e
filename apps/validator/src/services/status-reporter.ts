/**
 * The one way a job's status changes: recorded in the database (history + job row), then published on
 * the JobStatusBus. A job that has already ended takes no more statuses, so a late or duplicate end
 * (the worker and a restart sweep racing) is never published twice.
 */
import type { JobStatusMetadata, V0JobStatusUpdate } from '@horde/protocol';
import type { Logger } from '@horde/service';
import type { OrganicJobPatch, OrganicJobsRepo } from '../db/jobs';
import type { OrganicJobStatus } from '../db/schema';
import type { ProgressStatus } from '../miner-client/run-on-miner';
import type { ValidatorMetrics } from '../observability/metrics';
import type { JobStatusBus } from './job-status-bus';

const STAGE_COLUMNS: Record<ProgressStatus, keyof OrganicJobPatch> = {
  accepted: 'acceptedAt',
  executor_ready: 'executorReadyAt',
  volumes_ready: 'volumesReadyAt',
  execution_done: 'executionDoneAt',
};

/** The organic_jobs status a final wire status ends the job with. */
function terminalRowStatus(status: V0JobStatusUpdate['status']): OrganicJobStatus {
  switch (status) {
    case 'completed':
      return 'COMPLETED';
    case 'cancelled':
      return 'CANCELLED';
    default:
      return 'FAILED';
  }
}

export class StatusReporter {
  constructor(
    private readonly jobs: OrganicJobsRepo,
    private readonly bus: JobStatusBus,
    private readonly logger: Logger,
    private readonly metrics: ValidatorMetrics,
  ) {}

  /** A non-final status (received, accepted, executor_ready, ...). */
  async progress(jobUuid: string, status: 'received' | ProgressStatus): Promise<boolean> {
    const patch: OrganicJobPatch = status === 'received' ? {} : { [STAGE_COLUMNS[status]]: new Date() };
    return this.publish({ message_type: 'V0JobStatusUpdate', uuid: jobUuid, status, metadata: null }, patch);
  }

  /** The final status (`detail`: why, when the metadata cannot say it, e.g. a cancel's reason); false when the job had already ended. */
  async finish(update: V0JobStatusUpdate, detail?: string): Promise<boolean> {
    const metadata: JobStatusMetadata = update.metadata ?? {};
    const patch: OrganicJobPatch = { status: terminalRowStatus(update.status), finishedAt: new Date() };
    if (metadata.miner_response) {
      patch.stdout = metadata.miner_response.docker_process_stdout;
      patch.stderr = metadata.miner_response.docker_process_stderr;
      patch.artifacts = metadata.miner_response.artifacts ?? {};
      patch.uploadResults = metadata.miner_response.upload_results ?? {};
    }
    const failure = metadata.job_failure_details ?? metadata.horde_failure_details ?? metadata.job_rejection_details;
    if (failure) {
      patch.errorType = failure.reason;
      patch.errorDetail = failure.message;
    }
    if (metadata.job_failure_details) {
      patch.stdout = metadata.job_failure_details.docker_process_stdout ?? null;
      patch.stderr = metadata.job_failure_details.docker_process_stderr ?? null;
    }
    if (update.status === 'cancelled') patch.errorType = 'cancelled';
    if (detail !== undefined) patch.errorDetail = detail;
    const recorded = await this.publish(update, patch);
    if (recorded) this.metrics.jobEnded(update);
    return recorded;
  }

  private async publish(update: V0JobStatusUpdate, patch: OrganicJobPatch): Promise<boolean> {
    const recorded = await this.jobs.recordStatus(update.uuid, update.status, update.metadata ?? null, patch);
    if (!recorded) {
      this.logger.debug({ jobUuid: update.uuid, status: update.status }, 'status dropped: the job has ended');
      return false;
    }
    await this.bus.publish(update);
    return true;
  }
}
