import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Manifest } from './config';
import { executorManagerErrors } from './errors';

/*
 * The Docker hosts of the docker executor manager, one JSON object keyed by a host name (the
 * reference's YAML file, same keys, as JSON: no YAML parser is among our dependencies):
 *
 *   { "gpu-1": { "executor_class": "always_on.gpu-24gb", "mode": "ssh", "host": "10.0.0.5",
 *                "ssh_port": 22, "username": "horde", "key_path": "/keys/id_ed25519", "count": 1 },
 *     "here":  { "executor_class": "always_on.test", "mode": "local", "count": 2 } }
 *
 * `count` (ours; default 1) is how many executors the host runs at once. A local host's optional
 * `host` is its public address for streaming jobs. Unknown keys are ignored.
 */
const Common = {
  executor_class: z.string().min(1),
  count: z.number().int().nonnegative().default(1),
};

export const LocalDockerHost = z.object({ ...Common, mode: z.literal('local'), host: z.string().min(1).optional() });
export const SshDockerHost = z.object({
  ...Common,
  mode: z.literal('ssh'),
  host: z.string().min(1),
  ssh_port: z.number().int().min(1).max(65535).default(22),
  username: z.string().min(1),
  key_path: z.string().min(1),
});
export const DockerHostEntry = z.discriminatedUnion('mode', [LocalDockerHost, SshDockerHost]);
export const HostsFile = z.record(z.string().min(1), DockerHostEntry);
export type HostsFile = z.infer<typeof HostsFile>;

/** One host, with its name from the file. */
export type DockerHost = z.infer<typeof DockerHostEntry> & { readonly name: string };

/** Parses a hosts file's text; `HOSTS_FILE_INVALID` says what is wrong. */
export function parseHostsFile(text: string, source = 'hosts file'): DockerHost[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw executorManagerErrors.error('HOSTS_FILE_INVALID', `${source} is not JSON`, { cause: err, context: { source } });
  }
  const parsed = HostsFile.safeParse(json);
  if (!parsed.success) {
    throw executorManagerErrors.error('HOSTS_FILE_INVALID', `${source}: ${z.prettifyError(parsed.error)}`, { cause: parsed.error, context: { source } });
  }
  return Object.entries(parsed.data).map(([name, entry]) => ({ ...entry, name }));
}

/** Reads and parses the hosts file at `path`. */
export async function readHostsFile(path: string): Promise<DockerHost[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw executorManagerErrors.error('HOSTS_FILE_INVALID', `cannot read ${path}`, { cause: err, context: { source: path } });
  }
  return parseHostsFile(text, path);
}

/** Executors per class: the sum of the hosts' counts. */
export function manifestOf(hosts: readonly DockerHost[]): Manifest {
  const manifest: Manifest = {};
  for (const host of hosts) manifest[host.executor_class] = (manifest[host.executor_class] ?? 0) + host.count;
  return manifest;
}

/**
 * The hosts, read again from the file once `cacheMs` passed (the reference caches 5 min). Without a
 * file: one local host running one executor of `defaultExecutorClass`.
 */
export class HostsSource {
  private cached: { hosts: DockerHost[]; at: number } | undefined;

  constructor(
    private readonly path: string | undefined,
    private readonly defaultExecutorClass: string,
    private readonly cacheMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async hosts(): Promise<DockerHost[]> {
    if (!this.path) return [{ name: 'local', mode: 'local', executor_class: this.defaultExecutorClass, count: 1 }];
    if (this.cached && this.now() - this.cached.at < this.cacheMs) return this.cached.hosts;
    const hosts = await readHostsFile(this.path);
    this.cached = { hosts, at: this.now() };
    return hosts;
  }
}
