import type { JobRow, StatusEntry } from '../db/jobs';

/** What the API shows instead of an env value: values are never stored, only the keys. */
export const MASKED_ENV_VALUE = '********';

/** A status as the API shows it (the SSE `data` too). */
export function statusView(entry: StatusEntry) {
  return { status: entry.status, metadata: entry.metadata, created_at: entry.created_at };
}

/** The reference's job shape (`GET /api/v1/jobs/{uuid}/`), with env values masked. */
export function jobView(job: JobRow, history: readonly StatusEntry[]) {
  return {
    uuid: job.uuid,
    executor_class: job.executorClass,
    created_at: job.createdAt.toISOString(),
    last_update: job.lastUpdate.toISOString(),
    status: job.status,
    docker_image: job.dockerImage,
    job_namespace: job.jobNamespace,
    args: job.args,
    env: Object.fromEntries(job.envKeys.map((key) => [key, MASKED_ENV_VALUE])),
    use_gpu: job.useGpu,
    tag: job.tag,
    stdout: job.stdout,
    stderr: job.stderr,
    volumes: job.volumes,
    uploads: job.uploads,
    artifacts: job.artifacts,
    artifacts_dir: job.artifactsDir,
    target_validator_hotkey: job.targetValidator,
    on_trusted_miner: job.onTrustedMiner,
    upload_results: job.uploadResults,
    download_time_limit: job.downloadTimeLimit,
    execution_time_limit: job.executionTimeLimit,
    upload_time_limit: job.uploadTimeLimit,
    streaming_start_time_limit: job.streamingStartTimeLimit,
    streaming_client_cert: job.streamingClientCert,
    streaming_server_cert: job.streamingServerCert,
    streaming_server_address: job.streamingServerAddress,
    streaming_server_port: job.streamingServerPort,
    status_history: history.map(statusView),
  };
}
