/**
 * fast-check arbitraries of every message, in parsed (normalised) form, so that
 * `parse(serialize(x))` must give back exactly `x`. Built from small arbitraries of volumes,
 * uploads, receipts and enums.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import {
  DockerRunOptionsPreset,
  HordeFailureReason,
  JobFailureReason,
  JobParticipantType,
  JobRejectionReason,
  JobStage,
  JobStatus,
  KNOWN_EXECUTOR_CLASSES,
  SignatureScope,
  UnauthorizedErrorCode,
  type JsonValue,
} from '../index';

/** Text with any UTF-16 units, sometimes long digit runs (which take the big-integer JSON path). */
export const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 24 }), fc.stringMatching(/^[0-9]{14,24}$/));
const key = text.filter((k) => k !== '__proto__');
const name = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== '__proto__');
const stringMap = fc.dictionary(key, text, { maxKeys: 4, noNullPrototype: true });
const int = fc.integer();
const seconds = fc.nat({ max: 100_000 });

/** `undefined` (left out), `null`, or a value: all three must survive a round trip. */
function opt<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null | undefined> {
  return fc.oneof(fc.constant(undefined), fc.constant(null), arb);
}
const enumOf = <E extends z.ZodEnum>(schema: E) => fc.constantFrom(...(schema.options as E['options']));

/** JSON numbers that read back as the same JS value: no -0, no integers beyond 2^53 unless bigint. */
const jsonNumber = fc.oneof(
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }).map((d) => (Object.is(d, -0) ? 0 : d)),
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 80n }),
);
export const jsonValue: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    jsonNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3, noNullPrototype: true }),
  ),
})).value;
const jsonObject = fc.dictionary(key, jsonValue, { maxKeys: 3, noNullPrototype: true });

export const executorClass = fc.oneof(fc.constantFrom(...KNOWN_EXECUTOR_CLASSES), name);

/** ISO-8601 as Python writes it: any fraction length, `Z`, an offset, or none. */
export const isoDateTime = fc
  .tuple(
    fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true }),
    fc.stringMatching(/^(\.[0-9]{1,9})?$/),
    fc.constantFrom('', 'Z', '+00:00', '-05:30', '+14:00'),
  )
  .map(([date, fraction, offset]) => `${date.toISOString().slice(0, 19)}${fraction}${offset}`);

// Volumes and uploads.
const inline = fc.record({ volume_type: fc.constant('inline' as const), contents: text, relative_path: opt(text) });
const zipUrl = fc.record({ volume_type: fc.constant('zip_url' as const), contents: text, relative_path: opt(text) });
const singleFile = fc.record({ volume_type: fc.constant('single_file' as const), url: text, relative_path: text });
const huggingface = fc.record({
  volume_type: fc.constant('huggingface_volume' as const),
  repo_id: text,
  repo_type: opt(fc.constantFrom('model', 'dataset', 'space')),
  revision: opt(text),
  relative_path: opt(text),
  allow_patterns: opt(fc.oneof(text, fc.array(text, { maxLength: 3 }))),
  token: opt(text),
});
const simpleVolume = fc.oneof(inline, zipUrl, singleFile, huggingface);
export const volume = fc.oneof(
  simpleVolume,
  fc.record({ volume_type: fc.constant('multi_volume' as const), volumes: fc.array(simpleVolume, { maxLength: 3 }) }),
);

const zipPost = fc.record({ output_upload_type: fc.constant('zip_and_http_post' as const), url: text, form_fields: opt(stringMap) });
const zipPut = fc.record({ output_upload_type: fc.constant('zip_and_http_put' as const), url: text });
const filePost = fc.record({
  output_upload_type: fc.constant('single_file_post' as const),
  url: text,
  form_fields: opt(stringMap),
  relative_path: text,
  signed_headers: opt(stringMap),
});
const filePut = fc.record({ output_upload_type: fc.constant('single_file_put' as const), url: text, relative_path: text, signed_headers: opt(stringMap) });
export const outputUpload = fc.oneof(
  filePost,
  filePut,
  zipPost,
  zipPut,
  fc.record({
    output_upload_type: fc.constant('multi_upload' as const),
    uploads: fc.array(fc.oneof(filePost, filePut), { maxLength: 3 }),
    system_output: opt(fc.oneof(zipPost, zipPut)),
  }),
);

// Receipts.
const receiptBase = { job_uuid: text, miner_hotkey: text, validator_hotkey: text, timestamp: isoDateTime };
export const startedPayload = fc.record({
  ...receiptBase,
  receipt_type: fc.constant('JobStartedReceipt' as const),
  executor_class: executorClass,
  is_organic: fc.boolean(),
  ttl: int,
});
export const acceptedPayload = fc.record({ ...receiptBase, receipt_type: fc.constant('JobAcceptedReceipt' as const), time_accepted: isoDateTime, ttl: int });
export const finishedPayload = fc.record({
  ...receiptBase,
  receipt_type: fc.constant('JobFinishedReceipt' as const),
  time_started: isoDateTime,
  time_took_us: fc.maxSafeNat(),
  score_str: fc.double({ min: 0, max: 1e6, noNaN: true }).map((d) => d.toFixed(6)),
  block_numbers: fc.array(fc.nat(), { maxLength: 4 }),
});
export const receipt = fc.record({
  payload: fc.oneof(startedPayload, acceptedPayload, finishedPayload),
  validator_signature: text,
  miner_signature: text,
});

const streamingDetails = fc.record({ public_key: text, executor_ip: opt(text) });
const signature = fc.record({
  signature_type: text,
  signatory: text,
  timestamp_ns: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  signature: text,
  signature_scope: enumOf(SignatureScope),
});

const jobUuid = { job_uuid: text };
const token = { executor_token: opt(text) };
const stdio = { docker_process_exit_status: opt(int), docker_process_stdout: opt(text), docker_process_stderr: opt(text) };
const literal = <T extends string>(value: T) => fc.constant(value);

const jobFailed = fc
  .record({
    ...jobUuid,
    message: text,
    reason: enumOf(JobFailureReason),
    stage: enumOf(JobStage),
    ...stdio,
    context: opt(jsonObject),
  })
  .map(({ job_uuid, message, reason, stage, context, ...rest }) => ({
    message_type: 'V0JobFailedRequest' as const,
    job_uuid,
    message,
    error_detail: message,
    reason,
    error_type: reason,
    stage,
    ...rest,
    context,
  }));

/** One arbitrary per message type, keyed by `message_type` (`Response` for the facilitator's answer). */
export const MESSAGES = {
  GenericError: fc.record({ message_type: literal('GenericError'), details: opt(text) }),
  ValidatorAuthForMiner: fc.record({ message_type: literal('ValidatorAuthForMiner'), validator_hotkey: text, miner_hotkey: text, timestamp: int, signature: text }),
  V0InitialJobRequest: fc.record({
    message_type: literal('V0InitialJobRequest'),
    ...jobUuid,
    executor_class: executorClass,
    docker_image: opt(text),
    timeout_seconds: opt(seconds),
    volume: opt(volume),
    job_started_receipt_payload: startedPayload,
    job_started_receipt_signature: text,
    streaming_details: opt(streamingDetails),
    executor_timing: opt(
      fc.record({
        allowed_leeway: seconds,
        download_time_limit: seconds,
        execution_time_limit: seconds,
        upload_time_limit: seconds,
        streaming_start_time_limit: seconds,
      }),
    ),
  }),
  V0JobRequest: fc.record({
    message_type: literal('V0JobRequest'),
    ...jobUuid,
    executor_class: executorClass,
    docker_image: text,
    raw_script: opt(text),
    docker_run_options_preset: enumOf(DockerRunOptionsPreset),
    docker_run_cmd: fc.array(text, { maxLength: 4 }),
    env: stringMap,
    volume: opt(volume),
    output_upload: opt(outputUpload),
    artifacts_dir: opt(text),
  }),
  V0JobAcceptedReceiptRequest: fc.record({ message_type: literal('V0JobAcceptedReceiptRequest'), payload: acceptedPayload, signature: text }),
  V0JobFinishedReceiptRequest: fc.record({ message_type: literal('V0JobFinishedReceiptRequest'), payload: finishedPayload, signature: text }),
  V0MainHotkeyMessage: fc.record({ message_type: literal('V0MainHotkeyMessage'), main_hotkey: opt(text) }),
  UnauthorizedError: fc.record({ message_type: literal('UnauthorizedError'), code: enumOf(UnauthorizedErrorCode), details: opt(text) }),
  V0ExecutorManifestRequest: fc.record({
    message_type: literal('V0ExecutorManifestRequest'),
    manifest: fc.dictionary(executorClass, fc.nat(), { maxKeys: 5, noNullPrototype: true }),
  }),
  V0AcceptJobRequest: fc.record({ message_type: literal('V0AcceptJobRequest'), ...jobUuid }),
  V0DeclineJobRequest: fc.record({
    message_type: literal('V0DeclineJobRequest'),
    ...jobUuid,
    message: text,
    reason: enumOf(JobRejectionReason),
    receipts: fc.array(receipt, { maxLength: 3 }),
    context: opt(jsonObject),
  }),
  V0ExecutorReadyRequest: fc.record({ message_type: literal('V0ExecutorReadyRequest'), ...jobUuid, ...token }),
  V0VolumesReadyRequest: fc.record({ message_type: literal('V0VolumesReadyRequest'), ...jobUuid }),
  V0StreamingJobReadyRequest: fc.record({
    message_type: literal('V0StreamingJobReadyRequest'),
    ...jobUuid,
    ...token,
    public_key: text,
    ip: opt(text),
    port: fc.integer({ min: 0, max: 65_535 }),
    miner_signature: opt(text),
  }),
  V0ExecutionDoneRequest: fc.record({ message_type: literal('V0ExecutionDoneRequest'), ...jobUuid }),
  V0MachineSpecsRequest: fc.record({ message_type: literal('V0MachineSpecsRequest'), ...jobUuid, specs: fc.record({ specs: jsonObject }) }),
  V0JobFinishedRequest: fc.record({
    message_type: literal('V0JobFinishedRequest'),
    ...jobUuid,
    docker_process_stdout: text,
    docker_process_stderr: text,
    artifacts: opt(stringMap),
    upload_results: opt(stringMap),
  }),
  V0JobFailedRequest: jobFailed,
  V0HordeFailedRequest: fc.record({
    message_type: literal('V0HordeFailedRequest'),
    ...jobUuid,
    reported_by: enumOf(JobParticipantType),
    message: text,
    reason: enumOf(HordeFailureReason),
    context: opt(jsonObject),
  }),
  V0ExecutorFailedRequest: fc.record({ message_type: literal('V0ExecutorFailedRequest'), ...jobUuid, ...token }),
  V0StreamingJobNotReadyRequest: fc.record({ message_type: literal('V0StreamingJobNotReadyRequest'), ...jobUuid, ...token }),
  V2JobRequest: fc.record({
    type: literal('job.new'),
    message_type: literal('V2JobRequest'),
    uuid: text,
    job_namespace: opt(text),
    executor_class: executorClass,
    docker_image: text,
    args: fc.array(text, { maxLength: 3 }),
    env: stringMap,
    use_gpu: fc.boolean(),
    volume: opt(volume),
    output_upload: opt(outputUpload),
    artifacts_dir: opt(text),
    on_trusted_miner: fc.boolean(),
    download_time_limit: seconds,
    execution_time_limit: seconds,
    upload_time_limit: seconds,
    streaming_start_time_limit: seconds,
    streaming_details: opt(streamingDetails),
    signature: opt(signature),
  }),
  V0JobCheated: fc.record({
    type: literal('job.cheated'),
    message_type: literal('V0JobCheated'),
    ...jobUuid,
    trusted_job_uuid: text,
    details: opt(jsonValue),
    signature: opt(signature),
  }),
  HordeJobCancelRequest: fc.record({ message_type: literal('HordeJobCancelRequest'), ...jobUuid, reason: opt(text) }),
  Response: fc.record({
    status: fc.constantFrom('error' as const, 'success' as const),
    errors: fc.array(fc.record({ msg: text, type: text, help: text }), { maxLength: 2 }),
  }),
  V0AuthenticationRequest: fc.record({ message_type: literal('V0AuthenticationRequest'), public_key: text, signature: text }),
  V0JobStatusUpdate: fc.record({
    message_type: literal('V0JobStatusUpdate'),
    uuid: text,
    status: enumOf(JobStatus),
    metadata: opt(
      fc.record({
        miner_response: opt(fc.record({ docker_process_stderr: text, docker_process_stdout: text, artifacts: opt(stringMap), upload_results: opt(stringMap) })),
        job_rejection_details: opt(
          fc.record({ rejected_by: enumOf(JobParticipantType), reason: enumOf(JobRejectionReason), message: text, context: opt(jsonValue) }),
        ),
        job_failure_details: opt(
          fc.record({ reason: enumOf(JobFailureReason), stage: enumOf(JobStage), message: text, context: opt(jsonValue), ...stdio }),
        ),
        horde_failure_details: opt(
          fc.record({ reported_by: enumOf(JobParticipantType), reason: enumOf(HordeFailureReason), message: text, context: opt(jsonValue) }),
        ),
        streaming_details: opt(
          fc.record({ streaming_server_cert: opt(text), streaming_server_address: opt(text), streaming_server_port: opt(fc.integer({ min: 0, max: 65_535 })) }),
        ),
      }),
    ),
  }),
  V0Heartbeat: fc.record({ message_type: literal('V0Heartbeat') }),
  V0MachineSpecsUpdate: fc.record({ message_type: literal('V0MachineSpecsUpdate'), miner_hotkey: text, validator_hotkey: text, specs: jsonObject, batch_id: text }),
};
