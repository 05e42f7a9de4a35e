/**
 * One fully populated wire frame per message type (every field set, as JSON), with the direction
 * unions that carry it. Tests derive the minimal and the null-for-optional variants from these.
 */
import type { z } from 'zod';
import {
  ExecutorToMinerMessage,
  FacilitatorToValidatorMessage,
  MinerToExecutorMessage,
  MinerToValidatorMessage,
  ValidatorToFacilitatorMessage,
  ValidatorToMinerMessage,
} from '../index';

export const UNIONS = {
  ValidatorToMinerMessage,
  MinerToValidatorMessage,
  MinerToExecutorMessage,
  ExecutorToMinerMessage,
  FacilitatorToValidatorMessage,
  ValidatorToFacilitatorMessage,
} satisfies Record<string, z.ZodType>;
export type UnionName = keyof typeof UNIONS;

export const JOB = '7b5ad2b4-2c5e-4f36-9a35-6a1e0c0d2a11';
export const VALIDATOR = '5CDYBwxDZwXnYSp7E39Vy92MVbCMtcK2i953oRxDm9Veko7M';
export const MINER = '5FYwNgYuZa4mVHgpT2jK4RzJzVGtF3xKjX2yAGB4G3MZi4T7';
export const SIG = '0x' + 'ab'.repeat(64);

export const startedPayload = {
  job_uuid: JOB,
  miner_hotkey: MINER,
  validator_hotkey: VALIDATOR,
  timestamp: '2026-01-21T10:15:30.123456Z',
  receipt_type: 'JobStartedReceipt',
  executor_class: 'spin_up-4min.gpu-24gb',
  is_organic: true,
  ttl: 247,
};
export const acceptedPayload = {
  job_uuid: JOB,
  miner_hotkey: MINER,
  validator_hotkey: VALIDATOR,
  timestamp: '2026-01-21T10:15:31.5+00:00',
  receipt_type: 'JobAcceptedReceipt',
  time_accepted: '2026-01-21T10:15:31.400001+00:00',
  ttl: 300,
};
export const finishedPayload = {
  job_uuid: JOB,
  miner_hotkey: MINER,
  validator_hotkey: VALIDATOR,
  timestamp: '2026-01-21T10:20:00Z',
  receipt_type: 'JobFinishedReceipt',
  time_started: '2026-01-21T10:15:35.000001',
  time_took_us: 265_000_123,
  score_str: '30.000000',
  block_numbers: [5_123_400, 5_123_401],
};

export const multiVolume = {
  volume_type: 'multi_volume',
  volumes: [
    { volume_type: 'inline', contents: 'UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', relative_path: 'in' },
    { volume_type: 'zip_url', contents: 'https://example.com/in.zip', relative_path: 'zip' },
    { volume_type: 'single_file', url: 'https://example.com/model.bin', relative_path: 'model.bin' },
    {
      volume_type: 'huggingface_volume',
      repo_id: 'org/model',
      repo_type: 'model',
      revision: 'main',
      relative_path: 'hf',
      allow_patterns: ['*.json', '*.safetensors'],
      token: 'hf_secret',
    },
  ],
};

export const multiUpload = {
  output_upload_type: 'multi_upload',
  uploads: [
    {
      output_upload_type: 'single_file_post',
      url: 'https://bucket.s3.amazonaws.com/',
      form_fields: { key: 'out/result.json', policy: 'eyJ9' },
      relative_path: 'result.json',
      signed_headers: { 'x-amz-acl': 'private' },
    },
    { output_upload_type: 'single_file_put', url: 'https://bucket.s3.amazonaws.com/log', relative_path: 'log.txt', signed_headers: {} },
  ],
  system_output: { output_upload_type: 'zip_and_http_put', url: 'https://bucket.s3.amazonaws.com/rest.zip' },
};

export const receipt = { payload: startedPayload, validator_signature: SIG, miner_signature: SIG };

const signature = {
  signature_type: 'bittensor',
  signatory: VALIDATOR,
  timestamp_ns: 1_737_000_000_123_456,
  signature: 'c2lnbmF0dXJl',
  signature_scope: 'SignedFields',
};

export interface Sample {
  type: string;
  unions: UnionName[];
  full: Record<string, unknown>;
}

const V2M: UnionName = 'ValidatorToMinerMessage';
const M2V: UnionName = 'MinerToValidatorMessage';
const M2E: UnionName = 'MinerToExecutorMessage';
const E2M: UnionName = 'ExecutorToMinerMessage';

export const SAMPLES: Sample[] = [
  { type: 'GenericError', unions: [V2M, M2V, M2E, E2M], full: { message_type: 'GenericError', details: 'unexpected frame' } },
  {
    type: 'ValidatorAuthForMiner',
    unions: [V2M],
    full: { message_type: 'ValidatorAuthForMiner', validator_hotkey: VALIDATOR, miner_hotkey: MINER, timestamp: 1_768_990_530, signature: SIG },
  },
  {
    type: 'V0InitialJobRequest',
    unions: [V2M, M2E],
    full: {
      message_type: 'V0InitialJobRequest',
      job_uuid: JOB,
      executor_class: 'spin_up-4min.gpu-24gb',
      docker_image: 'alpine:3.19',
      timeout_seconds: 300,
      volume: multiVolume,
      job_started_receipt_payload: startedPayload,
      job_started_receipt_signature: SIG,
      streaming_details: { public_key: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', executor_ip: '10.0.0.7' },
      executor_timing: { allowed_leeway: 5, download_time_limit: 60, execution_time_limit: 120, upload_time_limit: 30, streaming_start_time_limit: 10 },
    },
  },
  {
    type: 'V0JobRequest',
    unions: [V2M, M2E],
    full: {
      message_type: 'V0JobRequest',
      job_uuid: JOB,
      executor_class: 'always_on.gpu.a6000',
      docker_image: 'alpine:3.19',
      raw_script: 'print("hi")',
      docker_run_options_preset: 'nvidia_all',
      docker_run_cmd: ['sh', '-c', 'echo "Hello, $NAME!" | tee /artifacts/stuff'],
      env: { NAME: 'Chester Tester' },
      volume: { volume_type: 'zip_url', contents: 'https://example.com/in.zip', relative_path: null },
      output_upload: multiUpload,
      artifacts_dir: '/artifacts',
    },
  },
  {
    type: 'V0JobAcceptedReceiptRequest',
    unions: [V2M],
    full: { message_type: 'V0JobAcceptedReceiptRequest', payload: acceptedPayload, signature: SIG },
  },
  {
    type: 'V0JobFinishedReceiptRequest',
    unions: [V2M],
    full: { message_type: 'V0JobFinishedReceiptRequest', payload: finishedPayload, signature: SIG },
  },
  { type: 'V0MainHotkeyMessage', unions: [V2M, M2V], full: { message_type: 'V0MainHotkeyMessage', main_hotkey: MINER } },
  { type: 'UnauthorizedError', unions: [M2V], full: { message_type: 'UnauthorizedError', code: 'TOKEN_TOO_OLD', details: 'auth older than 10 s' } },
  {
    type: 'V0ExecutorManifestRequest',
    unions: [M2V],
    full: { message_type: 'V0ExecutorManifestRequest', manifest: { 'spin_up-4min.gpu-24gb': 2, 'always_on.gpu.a100': 1, 'some.future.class': 0 } },
  },
  { type: 'V0AcceptJobRequest', unions: [M2V], full: { message_type: 'V0AcceptJobRequest', job_uuid: JOB } },
  {
    type: 'V0DeclineJobRequest',
    unions: [M2V],
    full: {
      message_type: 'V0DeclineJobRequest',
      job_uuid: JOB,
      message: 'all executors busy',
      reason: 'busy',
      receipts: [receipt],
      context: { busy: 2, classes: ['spin_up-4min.gpu-24gb'], nested: { ok: true, none: null } },
    },
  },
  { type: 'V0ExecutorReadyRequest', unions: [M2V, E2M], full: { message_type: 'V0ExecutorReadyRequest', job_uuid: JOB, executor_token: `${JOB}-0c7e` } },
  { type: 'V0VolumesReadyRequest', unions: [M2V, E2M], full: { message_type: 'V0VolumesReadyRequest', job_uuid: JOB } },
  {
    type: 'V0StreamingJobReadyRequest',
    unions: [M2V, E2M],
    full: {
      message_type: 'V0StreamingJobReadyRequest',
      job_uuid: JOB,
      executor_token: `${JOB}-0c7e`,
      public_key: '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n',
      ip: '203.0.113.9',
      port: 6006,
      miner_signature: SIG,
    },
  },
  { type: 'V0ExecutionDoneRequest', unions: [M2V, E2M], full: { message_type: 'V0ExecutionDoneRequest', job_uuid: JOB } },
  {
    type: 'V0MachineSpecsRequest',
    unions: [M2V, E2M],
    full: {
      message_type: 'V0MachineSpecsRequest',
      job_uuid: JOB,
      specs: {
        specs: {
          gpu: { count: 1, details: [{ name: 'NVIDIA RTX A6000', driver: '550.54.15', capacity: '49140', cuda: '8.6' }] },
          cpu: { count: 32, model: 'AMD EPYC 7543', clocks: [2800.0, 3700.5] },
          ram: { total: 263_846_072, free: 1_234, available: 200_000_000, used: 60_000_000 },
          hard_disk: { total: 1_000_000, used: 10, free: 999_990 },
          os: 'Ubuntu 22.04.4 LTS',
        },
      },
    },
  },
  {
    type: 'V0JobFinishedRequest',
    unions: [M2V, E2M],
    full: {
      message_type: 'V0JobFinishedRequest',
      job_uuid: JOB,
      docker_process_stdout: 'Hello, Chester Tester!\n',
      docker_process_stderr: '',
      artifacts: { '/artifacts/stuff': 'SGVsbG8sIENoZXN0ZXIgVGVzdGVyIQo=' },
      upload_results: { 'result.json': '{"headers": {"etag": "x"}, "body": ""}' },
    },
  },
  {
    type: 'V0JobFailedRequest',
    unions: [M2V, E2M],
    full: {
      message_type: 'V0JobFailedRequest',
      job_uuid: JOB,
      message: 'exit code 3',
      error_detail: 'exit code 3',
      reason: 'nonzero_return_code',
      error_type: 'nonzero_return_code',
      stage: 'execution',
      docker_process_exit_status: 3,
      docker_process_stdout: 'partial',
      docker_process_stderr: 'boom',
      context: { exit: 3 },
    },
  },
  {
    type: 'V0HordeFailedRequest',
    unions: [M2V, E2M],
    full: {
      message_type: 'V0HordeFailedRequest',
      job_uuid: JOB,
      reported_by: 'executor',
      message: 'security check failed',
      reason: 'security_check_failed',
      context: { stage: 'executor_startup', exception_type: 'RuntimeError' },
    },
  },
  { type: 'V0ExecutorFailedRequest', unions: [M2V, E2M], full: { message_type: 'V0ExecutorFailedRequest', job_uuid: JOB, executor_token: `${JOB}-0c7e` } },
  {
    type: 'V0StreamingJobNotReadyRequest',
    unions: [M2V, E2M],
    full: { message_type: 'V0StreamingJobNotReadyRequest', job_uuid: JOB, executor_token: `${JOB}-0c7e` },
  },
  {
    type: 'V2JobRequest',
    unions: ['FacilitatorToValidatorMessage'],
    full: {
      type: 'job.new',
      message_type: 'V2JobRequest',
      uuid: JOB,
      job_namespace: 'SN123.0',
      executor_class: 'always_on.llm.a6000',
      docker_image: 'alpine:3.19',
      args: ['sh', '-c', 'echo hi'],
      env: { NAME: 'x' },
      use_gpu: false,
      volume: multiVolume,
      output_upload: multiUpload,
      artifacts_dir: '/artifacts',
      on_trusted_miner: true,
      download_time_limit: 60,
      execution_time_limit: 120,
      upload_time_limit: 30,
      streaming_start_time_limit: 5,
      streaming_details: { public_key: 'PEM', executor_ip: null },
      signature,
    },
  },
  {
    type: 'V0JobCheated',
    unions: ['FacilitatorToValidatorMessage'],
    full: {
      type: 'job.cheated',
      message_type: 'V0JobCheated',
      job_uuid: JOB,
      trusted_job_uuid: '00000000-0000-4000-8000-000000000001',
      details: { reason: 'different stdout' },
      signature: { ...signature, signature_scope: 'FullRequest' },
    },
  },
  {
    type: 'HordeJobCancelRequest',
    unions: ['FacilitatorToValidatorMessage'],
    full: { message_type: 'HordeJobCancelRequest', job_uuid: JOB, reason: 'cancelled by the submitter' },
  },
  {
    type: 'Response',
    unions: ['FacilitatorToValidatorMessage'],
    full: { status: 'error', errors: [{ msg: 'Validator not found', type: 'auth.validator_not_found', help: 'register first' }] },
  },
  {
    type: 'V0AuthenticationRequest',
    unions: ['ValidatorToFacilitatorMessage'],
    full: { message_type: 'V0AuthenticationRequest', public_key: 'ab'.repeat(32), signature: SIG },
  },
  {
    type: 'V0JobStatusUpdate',
    unions: ['ValidatorToFacilitatorMessage'],
    full: {
      message_type: 'V0JobStatusUpdate',
      uuid: JOB,
      status: 'failed',
      metadata: {
        miner_response: { docker_process_stderr: 'e', docker_process_stdout: 'o', artifacts: { '/a/b': 'AA==' }, upload_results: { k: '{}' } },
        job_rejection_details: { rejected_by: 'miner', reason: 'busy', message: 'busy', context: { n: 1 } },
        job_failure_details: {
          reason: 'timeout',
          stage: 'execution',
          message: 'too slow',
          context: ['any', 'json'],
          docker_process_exit_status: 137,
          docker_process_stdout: 'o',
          docker_process_stderr: 'e',
        },
        horde_failure_details: { reported_by: 'validator', reason: 'execution_timed_out', message: 'timeout', context: 'text' },
        streaming_details: { streaming_server_cert: 'PEM', streaming_server_address: '203.0.113.9', streaming_server_port: 6006 },
      },
    },
  },
  { type: 'V0Heartbeat', unions: ['ValidatorToFacilitatorMessage'], full: { message_type: 'V0Heartbeat' } },
  {
    type: 'V0MachineSpecsUpdate',
    unions: ['ValidatorToFacilitatorMessage'],
    full: { message_type: 'V0MachineSpecsUpdate', miner_hotkey: MINER, validator_hotkey: VALIDATOR, specs: { gpu: { count: 8 } }, batch_id: 'b-1' },
  },
];
