/** Builders of the miner's two job requests for tests, valid by default. */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { V0InitialJobRequest, V0JobRequest } from '@horde/protocol';

type InitialInput = z.input<typeof V0InitialJobRequest>;
type JobInput = z.input<typeof V0JobRequest>;

const VALIDATOR = '5CDYBwxDZwXnYSp7E39Vy92MVbCMtcK2i953oRxDm9Veko7M';
const MINER = '5FYwNgYuZa4mVHgpT2jK4RzJzVGtF3xKjX2yAGB4G3MZi4T7';
export const TEST_EXECUTOR_CLASS = 'always_on.test';

export function newJobUuid(): string {
  return randomUUID();
}

/** A `V0InitialJobRequest` with generous stage limits and no volume. */
export function initialJobRequest(jobUuid: string, overrides: Partial<InitialInput> = {}): InitialInput {
  return {
    message_type: 'V0InitialJobRequest',
    job_uuid: jobUuid,
    executor_class: TEST_EXECUTOR_CLASS,
    docker_image: null,
    volume: null,
    job_started_receipt_payload: {
      job_uuid: jobUuid,
      miner_hotkey: MINER,
      validator_hotkey: VALIDATOR,
      timestamp: new Date().toISOString(),
      receipt_type: 'JobStartedReceipt',
      executor_class: TEST_EXECUTOR_CLASS,
      is_organic: true,
      ttl: 60,
    },
    job_started_receipt_signature: '0x' + 'ab'.repeat(64),
    executor_timing: { allowed_leeway: 5, download_time_limit: 10, execution_time_limit: 20, upload_time_limit: 10, streaming_start_time_limit: 0 },
    ...overrides,
  };
}

/** A `V0JobRequest` running `cmd` in `image` without GPU. */
export function jobRequest(jobUuid: string, image: string, cmd: string[], overrides: Partial<JobInput> = {}): JobInput {
  return {
    message_type: 'V0JobRequest',
    job_uuid: jobUuid,
    executor_class: TEST_EXECUTOR_CLASS,
    docker_image: image,
    docker_run_options_preset: 'none',
    docker_run_cmd: cmd,
    env: {},
    volume: null,
    output_upload: null,
    artifacts_dir: null,
    ...overrides,
  };
}
