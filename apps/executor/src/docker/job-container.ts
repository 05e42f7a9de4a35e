import { createWriteStream, type WriteStream } from 'node:fs';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import { executorErrors } from '../errors';
import { JOB_LABELS, jobContainerName } from './labels';

/** What the executor needs to run one job container. */
export interface JobContainerSpec {
  token: string;
  jobUuid: string;
  image: string;
  cmd: string[];
  env: Record<string, string>;
  /** Mounted read-only at /script.py and run with `python /script.py` (the reference's raw_script). */
  rawScriptPath?: string;
  gpu: boolean;
  binds: { volume: string; output: string; specs: string; artifacts?: { host: string; container: string } };
  limits: ContainerLimits;
  /** Where the full stdout / stderr are written (capped at `limits.logBytes`). */
  logFiles: { stdout: string; stderr: string };
}

export interface ContainerLimits {
  memoryBytes: number;
  pids: number;
  nanoCpus: number;
  /** Cap on each of stdout and stderr kept on disk. */
  logBytes: number;
}

export interface ContainerOutcome {
  /** null when the container was killed for running over its time. */
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
}

/** `alpine` → `alpine:latest`; keeps explicit tags, digests and registry ports intact. */
export function normalizeImage(image: string): string {
  if (image.includes('@')) return image;
  const lastSlash = image.lastIndexOf('/');
  return image.slice(lastSlash + 1).includes(':') ? image : `${image}:latest`;
}

export function buildCreateOptions(spec: JobContainerSpec): Docker.ContainerCreateOptions {
  const binds = [`${spec.binds.volume}:/volume/`, `${spec.binds.output}:/output/`, `${spec.binds.specs}:/specs/`];
  if (spec.binds.artifacts) binds.push(`${spec.binds.artifacts.host}:${spec.binds.artifacts.container}`);
  if (spec.rawScriptPath) binds.push(`${spec.rawScriptPath}:/script.py:ro`);
  const hostConfig: Docker.HostConfig = {
    // Set at create time: the container never has a network interface besides loopback.
    NetworkMode: 'none',
    Binds: binds,
    Memory: spec.limits.memoryBytes,
    MemorySwap: spec.limits.memoryBytes,
    PidsLimit: spec.limits.pids,
    NanoCpus: spec.limits.nanoCpus,
    SecurityOpt: ['no-new-privileges:true'],
    CapDrop: ['ALL'],
    AutoRemove: false,
  };
  if (spec.gpu) {
    hostConfig.Runtime = 'nvidia';
    hostConfig.DeviceRequests = [{ Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] }];
  }
  return {
    name: jobContainerName(spec.token),
    Image: normalizeImage(spec.image),
    Cmd: spec.rawScriptPath ? ['python', '/script.py'] : spec.cmd,
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    Labels: { [JOB_LABELS.role]: 'job', [JOB_LABELS.jobUuid]: spec.jobUuid, [JOB_LABELS.token]: spec.token },
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
    NetworkDisabled: true,
    HostConfig: hostConfig,
  };
}

/**
 * Runs the job container to completion or until `timeoutMs`, streaming its output to the log
 * files. Aborting `signal` kills the container and rejects with the signal's reason. The container
 * is always removed before this returns or throws.
 */
export async function runJobContainer(
  docker: Docker,
  spec: JobContainerSpec,
  opts: { timeoutMs: number; logger: Logger; signal?: AbortSignal },
): Promise<ContainerOutcome> {
  const log = opts.logger.child({ component: 'job-container', jobUuid: spec.jobUuid });
  opts.signal?.throwIfAborted();
  let container: Docker.Container;
  try {
    container = await docker.createContainer(buildCreateOptions(spec));
  } catch (cause) {
    throw executorErrors.error('CONTAINER_CREATE_FAILED', `image ${normalizeImage(spec.image)}`, { cause });
  }
  const stdout = cappedFile(spec.logFiles.stdout, spec.limits.logBytes);
  const stderr = cappedFile(spec.logFiles.stderr, spec.limits.logBytes);
  const started = Date.now();
  try {
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    const streamEnded = new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    docker.modem.demuxStream(stream, stdout.sink, stderr.sink);
    const exited = container.wait({ condition: 'next-exit' });
    // Raced below; once the container is killed and removed it may reject, with nobody listening.
    exited.catch(() => undefined);
    try {
      await container.start();
    } catch (cause) {
      throw executorErrors.error('CONTAINER_START_FAILED', undefined, { cause });
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(0, opts.timeoutMs));
    });
    const aborted = abortOf(opts.signal);
    const result = await Promise.race([exited, timeout, aborted.promise]).finally(() => {
      clearTimeout(timer);
      aborted.dispose();
    });
    if (result === 'aborted') {
      log.info('job container aborted; killing');
      await container.kill().catch(() => undefined);
      throw opts.signal?.reason;
    }
    if (result === 'timeout') {
      log.info({ timeoutMs: opts.timeoutMs }, 'job container over its time limit; killing');
      await container.kill().catch(() => undefined);
      return { exitCode: null, timedOut: true, durationMs: Date.now() - started };
    }
    await withGrace(streamEnded, 2_000);
    return { exitCode: (result as { StatusCode: number }).StatusCode, timedOut: false, durationMs: Date.now() - started };
  } finally {
    await Promise.all([stdout.close(), stderr.close()]);
    await container.remove({ force: true, v: true }).catch((err: unknown) => {
      if (!isNotFound(err)) log.warn({ err }, 'failed to remove job container');
    });
  }
}

/** Resolves with 'aborted' once `signal` aborts (at once if it already did); never without a signal. */
function abortOf(signal: AbortSignal | undefined): { promise: Promise<'aborted'>; dispose(): void } {
  if (!signal) return { promise: new Promise(() => undefined), dispose: () => undefined };
  let onAbort: () => void = () => undefined;
  const promise = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { statusCode?: number }).statusCode === 404;
}

async function withGrace(p: Promise<void>, ms: number): Promise<void> {
  let t: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((r) => (t = setTimeout(r, ms)))]);
  clearTimeout(t);
}

/** A sink that writes at most `cap` bytes to `path` and silently drops the rest. */
function cappedFile(path: string, cap: number): { sink: PassThrough; close(): Promise<void> } {
  const file: WriteStream = createWriteStream(path);
  const sink = new PassThrough();
  let written = 0;
  sink.on('data', (chunk: Buffer) => {
    if (written >= cap) return;
    const part = written + chunk.length > cap ? chunk.subarray(0, cap - written) : chunk;
    written += part.length;
    file.write(part);
  });
  return {
    sink,
    close: () =>
      new Promise<void>((resolve) => {
        sink.end();
        file.end(() => resolve());
      }),
  };
}
