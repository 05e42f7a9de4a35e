import { availableParallelism, tmpdir } from 'node:os';
import { z } from 'zod';
import { defineEnv } from '@horde/service';
import type { EnvSource } from '@horde/service';
import { SecurityCheckList } from './security-checks';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/**
 * Variables the reference executor reads under another name; ours wins when both are set. The
 * miner's executor managers may set either.
 */
const ALIASES = {
  EXECUTOR_MINER_ADDRESS: 'MINER_ADDRESS',
  EXECUTOR_NO_GPU: 'DEBUG_NO_GPU_MODE',
} as const;

/**
 * The executor's environment. The executor is started by the miner for exactly one job: the
 * miner passes the address to dial back, the job's token and the startup time limit.
 */
export const executorEnv = defineEnv(
  {
    /** ws:// base URL of the miner; the executor dials `<it>/v0.1/executor_interface/<token>`. */
    EXECUTOR_MINER_ADDRESS: z.url({ protocol: /^wss?$/ }),
    /** The job's executor token (`<job_uuid>-<uuid4>`): the only credential, and part of container names. */
    EXECUTOR_TOKEN: z
      .string()
      .max(128)
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/),
    /** Seconds for the startup stage: connect, initial request, checks, image (the reference's `--startup-time-limit`). */
    EXECUTOR_STARTUP_TIME_LIMIT_S: z.number().positive().default(5),
    /** Where the per-job temp dir is created. */
    EXECUTOR_TEMP_ROOT: z.string().default(() => tmpdir()),
    /** Never give the job a GPU and skip nvidia-smi (the reference's DEBUG_NO_GPU_MODE). */
    EXECUTOR_NO_GPU: z.boolean().default(false),
    /** Default token for Hugging Face volumes that carry none. */
    HF_ACCESS_TOKEN: z.string().optional(),
    /** Hugging Face endpoint (a mirror); the public hub when unset. */
    EXECUTOR_HF_ENDPOINT: z.url().optional(),
    EXECUTOR_JOB_MEMORY_BYTES: z.number().int().positive().default(32 * GiB),
    EXECUTOR_JOB_PIDS: z.number().int().positive().default(4096),
    /** CPU quota in billionths of a CPU; all of the host's CPUs by default. */
    EXECUTOR_JOB_NANO_CPUS: z
      .number()
      .int()
      .positive()
      .default(() => availableParallelism() * 1e9),
    /** Cap on each of stdout and stderr kept from the job container. */
    EXECUTOR_JOB_LOG_BYTES: z.number().int().positive().default(64 * MiB),
    /** Docker engine socket (a path, or `unix://<path>`). */
    EXECUTOR_DOCKER_HOST: z
      .string()
      .default('/var/run/docker.sock')
      .transform((value) => value.replace(/^unix:\/\//, '')),
    /** JSON list of security checks run before the job (see security-checks.ts); none by default. */
    EXECUTOR_SECURITY_CHECK_IMAGES: SecurityCheckList.optional(),
    /** Image that removes root-owned leftovers of a job when plain deletion fails; the job's image by default. */
    EXECUTOR_CLEANUP_IMAGE: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  },
  { secrets: ['EXECUTOR_TOKEN', 'HF_ACCESS_TOKEN'] },
);

export type ExecutorEnv = ReturnType<typeof executorEnv.load>;

/** Reads the environment once (reference names accepted as aliases); throws ENV_INVALID naming the bad variables. */
export function loadEnv(source: EnvSource): ExecutorEnv {
  const withAliases: Record<string, string | undefined> = { ...source };
  for (const [ours, theirs] of Object.entries(ALIASES)) {
    if (!withAliases[ours]?.trim()) withAliases[ours] = source[theirs];
  }
  return executorEnv.load(withAliases);
}
