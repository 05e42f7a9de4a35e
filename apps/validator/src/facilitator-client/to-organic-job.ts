/** A facilitator job as the validator's own organic job request. */
import type { V2JobRequest } from '@horde/protocol';
import type { OrganicJobRequestInput } from '../services/organic-job-request';

export function toOrganicJobRequest(request: V2JobRequest, signatory: string): OrganicJobRequestInput {
  return {
    uuid: request.uuid,
    executor_class: request.executor_class,
    docker_image: request.docker_image,
    args: request.args,
    env: request.env,
    volume: request.volume ?? null,
    output_upload: request.output_upload ?? null,
    artifacts_dir: request.artifacts_dir ?? null,
    download_time_limit: request.download_time_limit,
    execution_time_limit: request.execution_time_limit,
    upload_time_limit: request.upload_time_limit,
    streaming_start_time_limit: request.streaming_start_time_limit,
    namespace: request.job_namespace ?? null,
    source: 'facilitator',
    submitted_by: signatory,
  };
}
