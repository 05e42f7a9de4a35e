import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EXECUTOR_CLASS,
  EXECUTOR_CLASSES,
  ExecutorClass,
  ExecutorClassSpec,
  KNOWN_EXECUTOR_CLASSES,
  MinerToValidatorMessage,
  REFERENCE_EXECUTOR_CLASSES,
  executorClassSpec,
  parseFrame,
} from './index';

describe('executor class table', () => {
  it.each(EXECUTOR_CLASSES.map((spec) => [spec.name, spec] as const))('%s is a valid row', (_name, spec) => {
    expect(ExecutorClassSpec.parse(spec)).toEqual(spec);
    expect(spec.hasGpu).toBe(spec.gpuCount > 0);
    if (spec.hasGpu) expect(spec.gpuVramGb).toBeGreaterThan(0);
    else expect(spec.gpuModel).toBeUndefined();
  });

  it('has unique names and unique commitment codes', () => {
    expect(new Set(KNOWN_EXECUTOR_CLASSES).size).toBe(EXECUTOR_CLASSES.length);
    const codes = EXECUTOR_CLASSES.flatMap((spec) => (spec.commitmentCode ? [spec.commitmentCode] : []));
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('holds the reference classes with their spin-up times, weights and codes', () => {
    const reference = EXECUTOR_CLASSES.filter((spec) => spec.inReference).map((spec) => [spec.name, spec.spinUpTimeSec, spec.weight, spec.commitmentCode]);
    expect(reference).toEqual([
      ['spin_up-4min.gpu-24gb', 240, 98, 'S'],
      ['always_on.gpu-24gb', 3, 0, 'A'],
      ['always_on.llm.a6000', 30, 1, 'L'],
      ['always_on.test', 3, 0, 'T'],
      ['always_on.cpu.8c.16gb', 30, 1, 'C'],
    ]);
    expect(REFERENCE_EXECUTOR_CLASSES).toEqual(reference.map(([name]) => name));
  });

  it('holds the Horde hardware classes A6000 and A100', () => {
    expect(executorClassSpec('always_on.gpu.a6000')).toMatchObject({ hasGpu: true, gpuModel: 'NVIDIA RTX A6000', gpuVramGb: 48, inReference: false });
    expect(executorClassSpec('always_on.gpu.a100')).toMatchObject({ hasGpu: true, gpuVramGb: 80, inReference: false });
  });

  it('defaults to the reference default class', () => {
    expect(DEFAULT_EXECUTOR_CLASS).toBe('spin_up-4min.gpu-24gb');
    expect(executorClassSpec(DEFAULT_EXECUTOR_CLASS)?.spinUpTimeSec).toBe(240);
  });

  it('knows nothing of classes outside the table, yet accepts them on the wire', () => {
    expect(executorClassSpec('always_on.gpu.h200')).toBeUndefined();
    expect(ExecutorClass.safeParse('always_on.gpu.h200').success).toBe(true);
    expect(ExecutorClass.safeParse('').success).toBe(false);
    const result = parseFrame(MinerToValidatorMessage, JSON.stringify({ message_type: 'V0ExecutorManifestRequest', manifest: { 'always_on.gpu.h200': 4 } }));
    expect(result.ok && result.message).toEqual({ message_type: 'V0ExecutorManifestRequest', manifest: { 'always_on.gpu.h200': 4 } });
  });
});
