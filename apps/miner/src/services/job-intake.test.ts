import { describe, expect, it } from 'vitest';
import { TEST_WALLETS, buildInitialJob } from '@horde/testkit';
import { MAX_EXECUTOR_TTL_MS } from '../executor-managers';
import { executorTtlMs } from './job-intake';

const initial = (options: Parameters<typeof buildInitialJob>[2]) => buildInitialJob(TEST_WALLETS.validator, TEST_WALLETS.miner.address, options);

describe('executorTtlMs', () => {
  it('is the job stage limits plus spin-up, startup and a minute of slack', () => {
    const timing = { allowed_leeway: 5, download_time_limit: 10, execution_time_limit: 20, upload_time_limit: 30, streaming_start_time_limit: 0 };
    // always_on.test spins up in 3 s; startup limit 5 s; slack 60 s.
    expect(executorTtlMs(initial({ executorTiming: timing }), 5)).toBe((65 + 3 + 5 + 60) * 1000);
  });

  it('uses timeout_seconds without stage timing, and 20 minutes without either', () => {
    expect(executorTtlMs({ ...initial({ executorTiming: null }), timeout_seconds: 100 }, 5)).toBe((100 + 3 + 5 + 60) * 1000);
    expect(executorTtlMs(initial({ executorTiming: null }), 5)).toBe(MAX_EXECUTOR_TTL_MS);
  });

  it('never exceeds the pool maximum', () => {
    const long = { allowed_leeway: 5, download_time_limit: 3600, execution_time_limit: 3600, upload_time_limit: 0, streaming_start_time_limit: 0 };
    expect(executorTtlMs(initial({ executorTiming: long }), 5)).toBe(MAX_EXECUTOR_TTL_MS);
  });
});
