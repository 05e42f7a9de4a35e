import { describe, expect, it } from 'vitest';
import {
  ExecutorToMinerMessage,
  FacilitatorToValidatorMessage,
  HordeError,
  MinerToValidatorMessage,
  ValidatorToMinerMessage,
  parseFrame,
  protocolErrors,
  serializeFrame,
  type ProtocolErrorCode,
} from './index';
import { JOB, SIG, finishedPayload, multiVolume, receipt, startedPayload } from './test-support/samples';

const accept = { message_type: 'V0AcceptJobRequest', job_uuid: JOB };
const jobRequest = {
  message_type: 'V0JobRequest',
  job_uuid: JOB,
  executor_class: 'spin_up-4min.gpu-24gb',
  docker_image: 'alpine',
  docker_run_options_preset: 'none',
  docker_run_cmd: ['true'],
};
const initial = {
  message_type: 'V0InitialJobRequest',
  job_uuid: JOB,
  executor_class: 'spin_up-4min.gpu-24gb',
  job_started_receipt_payload: startedPayload,
  job_started_receipt_signature: SIG,
};
const decline = { message_type: 'V0DeclineJobRequest', job_uuid: JOB };

const text = (value: unknown) => JSON.stringify(value);

function codeOf(union: Parameters<typeof parseFrame>[0], raw: unknown, maxBytes?: number): ProtocolErrorCode | 'ok' {
  const result = parseFrame(union, raw, maxBytes === undefined ? {} : { maxBytes });
  return result.ok ? 'ok' : result.error.code;
}

describe('parseFrame refuses bad frames with a typed code', () => {
  const M2V = MinerToValidatorMessage;
  const V2M = ValidatorToMinerMessage;
  const cases: [string, Parameters<typeof parseFrame>[0], unknown, ProtocolErrorCode][] = [
    ['truncated JSON', M2V, '{"message_type": "V0AcceptJobRequest"', 'FRAME_NOT_JSON'],
    ['plain text', M2V, 'hello', 'FRAME_NOT_JSON'],
    ['empty text', M2V, '', 'FRAME_NOT_JSON'],
    ['bytes that are not UTF-8', M2V, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'FRAME_NOT_JSON'],
    ['an array', M2V, '[{"message_type": "V0AcceptJobRequest"}]', 'FRAME_NOT_OBJECT'],
    ['a number', M2V, '42', 'FRAME_NOT_OBJECT'],
    ['a JSON string', M2V, '"V0AcceptJobRequest"', 'FRAME_NOT_OBJECT'],
    ['null', M2V, 'null', 'FRAME_NOT_OBJECT'],
    ['an already-parsed array', M2V, [1, 2], 'FRAME_NOT_OBJECT'],
    ['no message_type', M2V, text({ job_uuid: JOB }), 'MESSAGE_TYPE_MISSING'],
    ['a numeric message_type', M2V, text({ message_type: 7, job_uuid: JOB }), 'MESSAGE_TYPE_MISSING'],
    ['a null message_type', M2V, text({ message_type: null, job_uuid: JOB }), 'MESSAGE_TYPE_MISSING'],
    ['an unknown message_type', M2V, text({ message_type: 'V9Teleport', job_uuid: JOB }), 'MESSAGE_TYPE_UNKNOWN'],
    ['a message of the other direction', V2M, text(accept), 'MESSAGE_TYPE_UNKNOWN'],
    ['a missing required field', M2V, text({ message_type: 'V0AcceptJobRequest' }), 'MESSAGE_INVALID'],
    ['a wrong field type', M2V, text({ ...accept, job_uuid: 12 }), 'MESSAGE_INVALID'],
    ['a bad strict enum value', V2M, text({ ...jobRequest, docker_run_options_preset: 'gpu_all' }), 'MESSAGE_INVALID'],
    ['a bad UnauthorizedError code', M2V, text({ message_type: 'UnauthorizedError', code: 'NOPE' }), 'MESSAGE_INVALID'],
    ['a non-string lenient enum', M2V, text({ ...decline, reason: 5 }), 'MESSAGE_INVALID'],
    ['a bad volume_type', V2M, text({ ...jobRequest, volume: { volume_type: 'ftp', url: 'x' } }), 'MESSAGE_INVALID'],
    ['multi_volume inside multi_volume', V2M, text({ ...jobRequest, volume: { volume_type: 'multi_volume', volumes: [multiVolume] } }), 'MESSAGE_INVALID'],
    ['a bad output_upload_type', V2M, text({ ...jobRequest, output_upload: { output_upload_type: 'scp', url: 'x' } }), 'MESSAGE_INVALID'],
    [
      'a zip upload inside multi_upload',
      V2M,
      text({ ...jobRequest, output_upload: { output_upload_type: 'multi_upload', uploads: [{ output_upload_type: 'zip_and_http_put', url: 'x' }] } }),
      'MESSAGE_INVALID',
    ],
    ['a nested bad receipt', M2V, text({ ...decline, receipts: [{ ...receipt, payload: { ...startedPayload, ttl: 'long' } }] }), 'MESSAGE_INVALID'],
    ['a receipt of unknown receipt_type', M2V, text({ ...decline, receipts: [{ ...receipt, payload: { ...startedPayload, receipt_type: 'JobLostReceipt' } }] }), 'MESSAGE_INVALID'],
    ['a receipt without miner signature', M2V, text({ ...decline, receipts: [{ payload: startedPayload, validator_signature: SIG }] }), 'MESSAGE_INVALID'],
    ['a receipt with a bad datetime', V2M, text({ ...initial, job_started_receipt_payload: { ...startedPayload, timestamp: '21/01/2026 10:00' } }), 'MESSAGE_INVALID'],
    [
      'a finished receipt with a bad time_started',
      V2M,
      text({ message_type: 'V0JobFinishedReceiptRequest', payload: { ...finishedPayload, time_started: '2026-13-01T00:00:00Z' }, signature: SIG }),
      'MESSAGE_INVALID',
    ],
    [
      'a negative time limit',
      V2M,
      text({ ...initial, executor_timing: { allowed_leeway: 5, download_time_limit: -1, execution_time_limit: 1, upload_time_limit: 1, streaming_start_time_limit: 1 } }),
      'MESSAGE_INVALID',
    ],
    ['a fractional timestamp', V2M, text({ message_type: 'ValidatorAuthForMiner', validator_hotkey: 'v', miner_hotkey: 'm', timestamp: 1.5, signature: SIG }), 'MESSAGE_INVALID'],
    ['a port out of range', M2V, text({ message_type: 'V0StreamingJobReadyRequest', job_uuid: JOB, public_key: 'PEM', port: 70_000 }), 'MESSAGE_INVALID'],
    ['an empty executor class', V2M, text({ ...jobRequest, executor_class: '' }), 'MESSAGE_INVALID'],
    ['a negative manifest count', M2V, text({ message_type: 'V0ExecutorManifestRequest', manifest: { 'always_on.test': -1 } }), 'MESSAGE_INVALID'],
    ['docker_run_cmd not a list', V2M, text({ ...jobRequest, docker_run_cmd: 'echo hi' }), 'MESSAGE_INVALID'],
    ['env values that are not strings', V2M, text({ ...jobRequest, env: { A: 1 } }), 'MESSAGE_INVALID'],
    ['a missing required reason', M2V, text({ message_type: 'V0HordeFailedRequest', job_uuid: JOB, reported_by: 'miner', message: 'x' }), 'MESSAGE_INVALID'],
    ['a Response with a bad status', FacilitatorToValidatorMessage, text({ status: 'maybe' }), 'MESSAGE_INVALID'],
    ['a V2JobRequest with the wrong type tag', FacilitatorToValidatorMessage, text({ type: 'job.old', message_type: 'V2JobRequest' }), 'MESSAGE_INVALID'],
    ['an oversize frame', M2V, text({ ...accept, padding: 'x'.repeat(2000) }), 'FRAME_TOO_LARGE'],
  ];

  it('has at least 20 distinct cases', () => {
    expect(new Set(cases.map(([name]) => name)).size).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)('%s', (_name, union, raw, code) => {
    expect(codeOf(union, raw, 1024)).toBe(code);
  });
});

describe('parseFrame', () => {
  it('reads text, Buffer, Uint8Array, ArrayBuffer, ws fragments and parsed values alike', () => {
    const raw = text(accept);
    const bytes = Buffer.from(raw);
    const inputs: unknown[] = [raw, bytes, new Uint8Array(bytes), bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), [bytes.subarray(0, 5), bytes.subarray(5)], accept];
    for (const input of inputs) expect(parseFrame(MinerToValidatorMessage, input)).toEqual({ ok: true, message: accept });
  });

  it('reports the literal PING frame with its own code, as text or bytes', () => {
    expect(codeOf(MinerToValidatorMessage, 'PING')).toBe('PING_FRAME');
    expect(codeOf(MinerToValidatorMessage, Buffer.from('PING'))).toBe('PING_FRAME');
    expect(codeOf(MinerToValidatorMessage, '"PING"')).toBe('FRAME_NOT_OBJECT');
  });

  it('measures frames in UTF-8 bytes, text and binary, against the 50 MiB default', () => {
    const frame = text({ ...accept, pad: 'é'.repeat(600) }); // ~1.2 kB of UTF-8 in ~650 UTF-16 units
    expect(codeOf(MinerToValidatorMessage, frame, 1000)).toBe('FRAME_TOO_LARGE');
    expect(codeOf(MinerToValidatorMessage, Buffer.from(frame), 1000)).toBe('FRAME_TOO_LARGE');
    expect(codeOf(MinerToValidatorMessage, frame, 2000)).toBe('ok');
    const big = `{"message_type":"V0AcceptJobRequest","job_uuid":"${'x'.repeat(50 * 1024 * 1024)}"}`;
    const result = parseFrame(MinerToValidatorMessage, big);
    expect(result.ok ? 'ok' : [result.error.code, result.error.wsClose]).toEqual(['FRAME_TOO_LARGE', 1009]);
  });

  it('drops unknown fields, at the top and nested', () => {
    const result = parseFrame(
      ValidatorToMinerMessage,
      text({ ...jobRequest, future_field: 1, volume: { volume_type: 'zip_url', contents: 'https://x/y.zip', checksum: 'abc' } }),
    );
    expect(result.ok && result.message).toEqual({ ...jobRequest, env: {}, volume: { volume_type: 'zip_url', contents: 'https://x/y.zip' } });
  });

  it('summarises schema issues as paths and messages, never values', () => {
    const secret = 'SUPER_SECRET_TOKEN';
    const result = parseFrame(ValidatorToMinerMessage, text({ ...jobRequest, env: { API_KEY: 42 }, docker_image: 7, raw_script: secret, x: secret }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(HordeError);
    expect(protocolErrors.is(result.error, 'MESSAGE_INVALID')).toBe(true);
    const issues = result.error.context?.issues as { path: string; message: string }[];
    expect(issues.map((issue) => issue.path).sort()).toEqual(['docker_image', 'env.API_KEY']);
    expect(result.error.context?.message_type).toBe('V0JobRequest');
    expect(JSON.stringify(result.error.toJSON())).not.toContain(secret);
  });

  it('maps enum values it does not know to "unknown", as the reference does', () => {
    const result = parseFrame(MinerToValidatorMessage, text({ ...decline, reason: 'solar_flare' }));
    expect(result.ok && result.message).toMatchObject({ reason: 'unknown', message: '', receipts: [] });
  });

  it('never throws on junk', () => {
    for (const junk of [undefined, Symbol('x'), () => 1, new Map(), 12n, { message_type: { toString: () => 'x' } }]) {
      expect(parseFrame(MinerToValidatorMessage, junk).ok).toBe(false);
    }
  });
});

describe('V0JobFailedRequest aliases', () => {
  const base = { message_type: 'V0JobFailedRequest', job_uuid: JOB };

  it.each([
    ['the new names', { message: 'm', reason: 'timeout' }],
    ['the old names', { error_detail: 'm', error_type: 'timeout' }],
    ['both names', { message: 'm', error_detail: 'm', reason: 'timeout', error_type: 'timeout' }],
  ])('reads %s and writes both', (_name, fields) => {
    const result = parseFrame(ExecutorToMinerMessage, text({ ...base, ...fields }));
    expect(result.ok && JSON.parse(serializeFrame(MinerToValidatorMessage, result.message))).toEqual({
      ...base,
      message: 'm',
      error_detail: 'm',
      reason: 'timeout',
      error_type: 'timeout',
      stage: 'unknown',
    });
  });

  it('prefers the new name when the two disagree, like pydantic AliasChoices', () => {
    const result = parseFrame(ExecutorToMinerMessage, text({ ...base, message: 'new', error_detail: 'old', reason: 'upload_failed', error_type: 'timeout' }));
    expect(result.ok && result.message).toMatchObject({ message: 'new', error_detail: 'new', reason: 'upload_failed', error_type: 'upload_failed' });
  });

  it('maps the pre-HEAD upper-case error types to unknown', () => {
    const result = parseFrame(ExecutorToMinerMessage, text({ ...base, error_type: 'NONZERO_EXIT_STATUS', docker_process_stdout: '', docker_process_stderr: '' }));
    expect(result.ok && result.message).toMatchObject({ reason: 'unknown', error_type: 'unknown', message: '' });
  });
});

describe('serializeFrame', () => {
  it('writes message_type first and fills defaults', () => {
    const json = serializeFrame(MinerToValidatorMessage, { message_type: 'V0DeclineJobRequest', job_uuid: JOB, reason: 'busy' });
    expect(json).toBe(`{"message_type":"V0DeclineJobRequest","job_uuid":"${JOB}","message":"","reason":"busy","receipts":[]}`);
  });

  it('throws MESSAGE_INVALID for a frame our own code built wrong', () => {
    const build = () => serializeFrame(MinerToValidatorMessage, { message_type: 'V0AcceptJobRequest' } as never);
    expect(build).toThrow(HordeError);
    try {
      build();
    } catch (error) {
      expect(protocolErrors.is(error, 'MESSAGE_INVALID')).toBe(true);
    }
  });

  it('writes a Response without message_type (a reference validator forbids extra fields)', () => {
    expect(serializeFrame(FacilitatorToValidatorMessage, { status: 'success' })).toBe('{"status":"success","errors":[]}');
  });

  it('keeps a nanosecond signature timestamp exact both ways', () => {
    const frame = `{"message_type":"V0JobCheated","job_uuid":"a","trusted_job_uuid":"b","details":null,"signature":{"signature_type":"bittensor","signatory":"5F","timestamp_ns":1768990530123456789,"signature":"AA==","signature_scope":"FullRequest"}}`;
    const result = parseFrame(FacilitatorToValidatorMessage, frame);
    expect(result.ok && result.message.message_type === 'V0JobCheated' && result.message.signature?.timestamp_ns).toBe(1768990530123456789n);
    expect(result.ok && serializeFrame(FacilitatorToValidatorMessage, result.message)).toBe(`{"type":"job.cheated",${frame.slice(1)}`);
  });
});
