/** The JSON the admin API answers with for a job and its statuses. */
import type { OrganicJobRow, StatusRow } from '../db/jobs';

export function statusView(row: Pick<StatusRow, 'status' | 'metadata' | 'at'>) {
  return { status: row.status, metadata: row.metadata ?? null, at: row.at.toISOString() };
}

export function jobView(job: OrganicJobRow, history?: readonly StatusRow[]) {
  return {
    uuid: job.jobUuid,
    status: job.status,
    last_status: job.lastStatus,
    source: job.source,
    submitted_by: job.submittedBy,
    executor_class: job.executorClass,
    image: job.image,
    namespace: job.namespace,
    miner: job.minerHotkey ? { hotkey: job.minerHotkey, address: job.minerAddress, port: job.minerPort } : null,
    attempts: job.attempts,
    request: job.request,
    stdout: job.stdout,
    stderr: job.stderr,
    artifacts: job.artifacts,
    upload_results: job.uploadResults,
    error_type: job.errorType,
    error_detail: job.errorDetail,
    stages: {
      accepted_at: job.acceptedAt?.toISOString() ?? null,
      executor_ready_at: job.executorReadyAt?.toISOString() ?? null,
      volumes_ready_at: job.volumesReadyAt?.toISOString() ?? null,
      execution_done_at: job.executionDoneAt?.toISOString() ?? null,
      finished_at: job.finishedAt?.toISOString() ?? null,
    },
    created_at: job.createdAt.toISOString(),
    updated_at: job.updatedAt.toISOString(),
    ...(history ? { history: history.map(statusView) } : {}),
  };
}
