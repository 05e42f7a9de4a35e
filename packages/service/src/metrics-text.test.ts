import { describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from './metrics-text';

const text = `# HELP jobs_total Jobs
# TYPE jobs_total counter
jobs_total{status="completed",reason="none"} 2
jobs_total{status="failed",reason="timeout"} 1
jobs_total{status="failed",reason="say \\"hi\\""} 4
up 1
`;

describe('parseExposition / sampleValue', () => {
  it('reads names, labels (escapes included) and values, skipping comments', () => {
    expect(parseExposition(text)).toHaveLength(4);
    expect(parseExposition(text)[2]).toEqual({ name: 'jobs_total', labels: { status: 'failed', reason: 'say "hi"' }, value: 4 });
  });

  it('sums the samples whose labels include the given ones; undefined when none matches', () => {
    expect(sampleValue(text, 'jobs_total', { status: 'completed' })).toBe(2);
    expect(sampleValue(text, 'jobs_total', { status: 'failed' })).toBe(5);
    expect(sampleValue(text, 'jobs_total')).toBe(7);
    expect(sampleValue(text, 'up')).toBe(1);
    expect(sampleValue(text, 'jobs_total', { status: 'cancelled' })).toBeUndefined();
  });
});
