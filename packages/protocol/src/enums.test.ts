import { describe, expect, it } from 'vitest';
import { HordeFailureReason, JobFailureReason, JobStage, JobStatus, isTerminalJobStatus, lenient } from './index';

describe('enums', () => {
  it('treat exactly completed, rejected, failed, horde_failed and our cancelled as terminal', () => {
    expect(JobStatus.options.filter(isTerminalJobStatus)).toEqual(['completed', 'rejected', 'failed', 'horde_failed', 'cancelled']);
  });

  it('have an unknown member, as the reference does', () => {
    for (const schema of [JobStatus, JobStage, HordeFailureReason, JobFailureReason]) expect(schema.options).toContain('unknown');
  });

  it('read leniently: unknown strings become "unknown", known ones stay, non-strings fail', () => {
    const reason = lenient(JobFailureReason);
    expect(reason.parse('timeout')).toBe('timeout');
    expect(reason.parse('TIMEOUT')).toBe('unknown');
    expect(reason.parse('cosmic_ray')).toBe('unknown');
    expect(reason.safeParse(3).success).toBe(false);
    expect(JobFailureReason.safeParse('cosmic_ray').success).toBe(false);
  });
});
