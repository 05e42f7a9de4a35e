/**
 * Frames exactly as the Python reference writes them (pydantic `model_dump_json`: compact, fields in
 * class order, `null` for unset optionals, datetimes with 6-digit microseconds). We must read
 * them, and for every message without aliases write back the very same bytes.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFrame, serializeFrame } from './index';
import { UNIONS, type UnionName } from './test-support/samples';

const DIR = new URL('./fixtures/', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, DIR), 'utf8').trim();

const FIXTURES: Record<string, UnionName> = {
  'validator-auth-for-miner.json': 'ValidatorToMinerMessage',
  'v0-initial-job-request.json': 'ValidatorToMinerMessage',
  'v0-job-request.json': 'MinerToExecutorMessage',
  'v0-job-accepted-receipt-request.json': 'ValidatorToMinerMessage',
  'v0-job-finished-receipt-request.json': 'ValidatorToMinerMessage',
  'v0-executor-manifest-request.json': 'MinerToValidatorMessage',
  'v0-accept-job-request.json': 'MinerToValidatorMessage',
  'v0-decline-job-request.json': 'MinerToValidatorMessage',
  'v0-executor-ready-request.json': 'ExecutorToMinerMessage',
  'v0-streaming-job-ready-request.json': 'MinerToValidatorMessage',
  'v0-machine-specs-request.json': 'ExecutorToMinerMessage',
  'v0-job-finished-request.json': 'MinerToValidatorMessage',
  'v0-job-failed-request.json': 'ExecutorToMinerMessage',
  'v0-horde-failed-request.json': 'MinerToValidatorMessage',
  'v2-job-request.json': 'FacilitatorToValidatorMessage',
  'response.json': 'FacilitatorToValidatorMessage',
  'v0-authentication-request.json': 'ValidatorToFacilitatorMessage',
  'v0-job-status-update.json': 'ValidatorToFacilitatorMessage',
};

function parseFixture(file: string) {
  const union = UNIONS[FIXTURES[file] as UnionName];
  const result = parseFrame(union, read(file));
  if (!result.ok) throw result.error;
  return { union, message: result.message as Record<string, unknown> };
}

describe('reference wire fixtures', () => {
  it('every fixture file is listed', () => {
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(FIXTURES).sort());
  });

  it.each(Object.keys(FIXTURES).filter((file) => file !== 'v0-job-failed-request.json'))('%s parses and is written back byte for byte', (file) => {
    const { union, message } = parseFixture(file);
    expect(serializeFrame(union, message as never)).toBe(read(file));
  });

  it('v0-job-failed-request.json is written back with both alias names added', () => {
    const { union, message } = parseFixture('v0-job-failed-request.json');
    const expected = JSON.parse(read('v0-job-failed-request.json')) as Record<string, unknown>;
    expect(JSON.parse(serializeFrame(union, message as never))).toEqual({ ...expected, error_detail: expected.message, error_type: expected.reason });
  });

  it('reads the values a handler needs', () => {
    expect(parseFixture('v0-initial-job-request.json').message).toMatchObject({
      executor_timing: { execution_time_limit: 100 },
      job_started_receipt_payload: { receipt_type: 'JobStartedReceipt', timestamp: '2026-01-21T10:15:30.123456Z', ttl: 252 },
      volume: { volume_type: 'multi_volume', volumes: [{ volume_type: 'single_file' }, { volume_type: 'huggingface_volume', allow_patterns: '*.json' }] },
    });
    expect(parseFixture('v0-decline-job-request.json').message).toMatchObject({ reason: 'busy', receipts: [{ payload: { is_organic: true } }] });
    expect(parseFixture('v0-job-finished-receipt-request.json').message).toMatchObject({ payload: { block_numbers: [7212001, 7212002, 7212003] } });
    expect(parseFixture('v2-job-request.json').message).toMatchObject({ signature: { timestamp_ns: 1768990529987654321n } });
    expect(parseFixture('response.json').message).toEqual({ status: 'success', errors: [] });
    expect(parseFixture('v0-job-finished-request.json').message.upload_results).toEqual({ 'out.txt': '{"headers":{"etag":"\\"9b2cf\\""},"body":""}' });
  });
});
