import { z } from 'zod';

/** Executors offered per class, e.g. `{ "always_on.test": 1 }`. */
export const Manifest = z.record(z.string().min(1), z.number().int().nonnegative());
export type Manifest = z.infer<typeof Manifest>;

/** Extra fixed variables given to every executor (never put the miner's own secrets here). */
const ExtraEnv = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string());

/**
 * The executor as a child process of the miner: for development, tests and the local horde.
 * The default manifest offers one `always_on.test` executor, the reference's class for testing
 * (no GPU, weight 0), so that a development miner never claims hardware it lacks.
 */
export const ProcessManagerConfig = z.object({
  kind: z.literal('process'),
  manifest: Manifest.default({ 'always_on.test': 1 }),
  /**
   * The executor's argv. Default: `node apps/executor/dist/executor.mjs` when that bundle exists,
   * else `node --import tsx apps/executor/src/main.ts`, both resolved from `repoRoot`.
   */
  command: z.array(z.string().min(1)).min(1).optional(),
  /** Repository root: working directory of the executor and base of the default command. */
  repoRoot: z.string().min(1).optional(),
  /** Host variables handed through in addition to PATH, HOME, TMPDIR and DOCKER_HOST. */
  passEnv: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)).default([]),
  env: ExtraEnv.default({}),
  /** Time between SIGTERM and SIGKILL. */
  killGraceMs: z.number().int().positive().default(5000),
  /**
   * Keep one executor per class started ahead of its job (a warm spare that waits for its token on
   * stdin), so that a job does not wait for Node to start: the first job of a class starts cold.
   */
  warmSpares: z.boolean().default(true),
  /** What streaming clients use to reach executors of this host; the reference's dev manager says 127.0.0.1. */
  publicAddress: z.string().min(1).nullable().default('127.0.0.1'),
});
export type ProcessManagerConfig = z.infer<typeof ProcessManagerConfig>;

/**
 * The executor as a container from the executor image, on the local Docker engine or on remote
 * Docker hosts reached over SSH (listed in `hostsFile`, see hosts-file.ts).
 */
export const DockerManagerConfig = z.object({
  kind: z.literal('docker'),
  image: z.string().min(1).default('horde/executor:latest'),
  /** JSON file listing Docker hosts per executor class; default: the local engine, one executor of `defaultExecutorClass`. */
  hostsFile: z.string().min(1).optional(),
  /** The reference's `DEFAULT_EXECUTOR_CLASS`. */
  defaultExecutorClass: z.string().min(1).default('spin_up-4min.gpu-24gb'),
  /** How long a read hosts file is trusted before it is read again (the reference: 5 min). */
  hostsCacheMs: z.number().int().nonnegative().default(300_000),
  /**
   * The hosts' temp dir, bind-mounted into the executor at the same path and set as its
   * EXECUTOR_TEMP_ROOT and TMPDIR:
   * the executor bind-mounts job dirs from it into job containers, so paths must match on the host.
   */
  tempDir: z.string().startsWith('/').default('/tmp'),
  /** Path of the Docker socket on each host, mounted at /var/run/docker.sock. */
  dockerSocket: z.string().startsWith('/').default('/var/run/docker.sock'),
  /**
   * `auto`: the host network when the miner address is loopback (the executor must reach the
   * miner's port on the host), else the default bridge (the miner is reached by a routable address,
   * e.g. 172.17.0.1 as in the reference's setup).
   */
  network: z.enum(['auto', 'host', 'bridge']).default('auto'),
  /** Public address of the local host, for streaming jobs; remote hosts use their SSH host. */
  publicAddress: z.string().min(1).nullable().default(null),
  env: ExtraEnv.default({}),
  /** Grace given to `docker stop` before the engine kills the executor. */
  stopTimeoutS: z.number().int().nonnegative().default(5),
});
export type DockerManagerConfig = z.infer<typeof DockerManagerConfig>;

export const ExecutorManagerConfig = z.discriminatedUnion('kind', [ProcessManagerConfig, DockerManagerConfig]);
export type ExecutorManagerConfig = z.infer<typeof ExecutorManagerConfig>;
/** The config as written by an operator, before defaults are applied. */
export type ExecutorManagerConfigInput = z.input<typeof ExecutorManagerConfig>;
