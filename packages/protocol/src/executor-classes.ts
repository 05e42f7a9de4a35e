/**
 * Executor (hardware) classes as data. Adding a class means adding one row to `EXECUTOR_CLASSES`.
 *
 * The first five rows are the reference's classes (`compute_horde_core/executor_class.py`,
 * `compute_horde/executor_class.py`) with their spin-up times and the validator's default class
 * weights (`DYNAMIC_EXECUTOR_CLASS_WEIGHTS`; a class missing there weighs 0). The last two are
 * Horde's own hardware classes.
 */
import { z } from 'zod';

/**
 * An executor class name on the wire. Any non-empty string is accepted, because a peer may know
 * classes we do not; `executorClassSpec` tells whether we know it.
 */
export const ExecutorClass = z.string().min(1);
export type ExecutorClass = z.infer<typeof ExecutorClass>;

/** One letter standing for a class in an on-chain manifest commitment (`<M:A3;S2>`). */
export const CommitmentCode = z.string().regex(/^[A-Z]$/);

export const ExecutorClassSpec = z.object({
  /** The wire value. */
  name: ExecutorClass,
  description: z.string().min(1),
  /** Seconds from reservation until the executor can be ready; part of the validator's readiness timeout. */
  spinUpTimeSec: z.number().int().nonnegative(),
  hasGpu: z.boolean(),
  /** `undefined` when any GPU with enough memory qualifies. */
  gpuModel: z.string().min(1).optional(),
  gpuCount: z.number().int().nonnegative(),
  gpuVramGb: z.number().int().nonnegative().optional(),
  cpuCores: z.number().int().positive().optional(),
  ramGb: z.number().int().positive().optional(),
  /** Relative value of the class when scores of all classes are combined into weights. */
  weight: z.number().nonnegative(),
  /**
   * The Python reference knows this class. A reference peer validates class names against its own
   * list and rejects a whole message naming any other class (e.g. a manifest), so only these may
   * be sent to it.
   */
  inReference: z.boolean(),
  /** Letter for manifest commitments; only classes the reference knows have one. */
  commitmentCode: CommitmentCode.optional(),
});
export type ExecutorClassSpec = z.infer<typeof ExecutorClassSpec>;

export const EXECUTOR_CLASSES: readonly ExecutorClassSpec[] = [
  {
    name: 'spin_up-4min.gpu-24gb',
    description: 'cost effective (started on demand), generic GPU machine',
    spinUpTimeSec: 240,
    hasGpu: true,
    gpuCount: 1,
    gpuVramGb: 24,
    weight: 98,
    inReference: true,
    commitmentCode: 'S',
  },
  {
    name: 'always_on.gpu-24gb',
    description: 'always on, generic GPU machine',
    spinUpTimeSec: 3,
    hasGpu: true,
    gpuCount: 1,
    gpuVramGb: 24,
    weight: 0,
    inReference: true,
    commitmentCode: 'A',
  },
  {
    // The reference marks its 30 s spin-up as temporary; validators cap it at 2 executors per miner.
    name: 'always_on.llm.a6000',
    description: 'always on, NVIDIA RTX A6000 48 GB, for LLM jobs',
    spinUpTimeSec: 30,
    hasGpu: true,
    gpuModel: 'NVIDIA RTX A6000',
    gpuCount: 1,
    gpuVramGb: 48,
    weight: 1,
    inReference: true,
    commitmentCode: 'L',
  },
  {
    name: 'always_on.test',
    description: 'always on, no GPU, for testing only',
    spinUpTimeSec: 3,
    hasGpu: false,
    gpuCount: 0,
    weight: 0,
    inReference: true,
    commitmentCode: 'T',
  },
  {
    name: 'always_on.cpu.8c.16gb',
    description: 'always on, 8 CPU cores, 16 GB RAM, no GPU',
    spinUpTimeSec: 30,
    hasGpu: false,
    gpuCount: 0,
    cpuCores: 8,
    ramGb: 16,
    weight: 1,
    inReference: true,
    commitmentCode: 'C',
  },
  // Horde's hardware classes. Spin-up: 30 s, as the reference allows its always-on A6000 class
  // (time to start the executor container and pass the security checks on an idle host).
  // Weights are defaults a validator can override: an A100 80 GB is worth about twice an A6000.
  // No commitment code: the reference's manifest format has no letter for them.
  {
    name: 'always_on.gpu.a6000',
    description: 'always on, NVIDIA RTX A6000 48 GB',
    spinUpTimeSec: 30,
    hasGpu: true,
    gpuModel: 'NVIDIA RTX A6000',
    gpuCount: 1,
    gpuVramGb: 48,
    weight: 1,
    inReference: false,
  },
  {
    name: 'always_on.gpu.a100',
    description: 'always on, NVIDIA A100 80 GB',
    spinUpTimeSec: 30,
    hasGpu: true,
    gpuModel: 'NVIDIA A100 80GB',
    gpuCount: 1,
    gpuVramGb: 80,
    weight: 2,
    inReference: false,
  },
];

const BY_NAME: ReadonlyMap<string, ExecutorClassSpec> = new Map(EXECUTOR_CLASSES.map((spec) => [spec.name, spec]));

/** Names of every class in the table. */
export const KNOWN_EXECUTOR_CLASSES: readonly string[] = EXECUTOR_CLASSES.map((spec) => spec.name);

/** Names of the classes a reference peer accepts. */
export const REFERENCE_EXECUTOR_CLASSES: readonly string[] = EXECUTOR_CLASSES.filter((spec) => spec.inReference).map((spec) => spec.name);

/** The reference's default class. */
export const DEFAULT_EXECUTOR_CLASS = 'spin_up-4min.gpu-24gb';

/** The spec of a class, or `undefined` for a class we do not know. */
export function executorClassSpec(name: string): ExecutorClassSpec | undefined {
  return BY_NAME.get(name);
}
