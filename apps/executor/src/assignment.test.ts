import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseAssignment, readAssignment } from './assignment';

describe('warm-spare assignment', () => {
  it('reads the first line of stdin as EXECUTOR_* variables', async () => {
    const input = new PassThrough();
    const pending = readAssignment(input);
    input.write('{"EXECUTOR_TOKEN":"job-1-abc",');
    input.write('"EXECUTOR_MINER_ADDRESS":"ws://127.0.0.1:9"}\nignored');
    await expect(pending).resolves.toEqual({ EXECUTOR_TOKEN: 'job-1-abc', EXECUTOR_MINER_ADDRESS: 'ws://127.0.0.1:9' });
  });

  it('returns null when stdin closes without an assignment (a discarded spare)', async () => {
    const input = new PassThrough();
    const pending = readAssignment(input);
    input.end();
    await expect(pending).resolves.toBeNull();
  });

  it('refuses other variables, non-strings, a missing token and oversize lines', async () => {
    expect(() => parseAssignment('{"EXECUTOR_TOKEN":"t","PATH":"/evil"}')).toThrow(/PATH is not allowed/);
    expect(() => parseAssignment('{"EXECUTOR_TOKEN":5}')).toThrow(/not allowed/);
    expect(() => parseAssignment('{"EXECUTOR_WARM_SPARE":"true","EXECUTOR_TOKEN":"t"}')).toThrow(/not allowed/);
    expect(() => parseAssignment('{"EXECUTOR_MINER_ADDRESS":"ws://x"}')).toThrow(/no EXECUTOR_TOKEN/);
    expect(() => parseAssignment('[1]')).toThrow(/not a JSON object/);
    const input = new PassThrough();
    const pending = readAssignment(input, 16);
    input.write('x'.repeat(32));
    await expect(pending).rejects.toThrow(/too long/);
  });
});
