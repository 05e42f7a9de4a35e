/** A facilitator job as the validator's own organic job request. */
import type { V2JobRequest } from '@horde/protocol';
import { sharedJobSpec } from '../services/organic-job-request';
import type { OrganicJobRequestInput } from '../services/organic-job-request';

export function toOrganicJobRequest(request: V2JobRequest, signatory: string): OrganicJobRequestInput {
  return {
    ...sharedJobSpec(request),
    uuid: request.uuid,
    docker_image: request.docker_image,
    namespace: request.job_namespace ?? null,
    source: 'facilitator',
    submitted_by: signatory,
  };
}
