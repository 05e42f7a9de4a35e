import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type Dockerode from 'dockerode';
import { statusCode } from './docker';
import { testkitErrors } from './errors';
import { withTimeout } from './wait';

export interface WaitForExitOptions {
  /** Default 60 s. */
  timeoutMs?: number;
  /**
   * Engine wait condition. `'not-running'` (default) returns at once for a stopped container. For an
   * AutoRemove container, ask before starting it (`'next-exit'`): once removed, its code is gone.
   */
  condition?: 'not-running' | 'next-exit' | 'removed';
}

/** Resolves with the container's exit code; `WAIT_TIMEOUT` if it runs longer than `timeoutMs`. */
export async function waitForContainerExit(docker: Dockerode, id: string, options: WaitForExitOptions = {}): Promise<number> {
  const { timeoutMs = 60_000, condition = 'not-running' } = options;
  const abort = new AbortController();
  try {
    const result = (await withTimeout(docker.getContainer(id).wait({ condition, abortSignal: abort.signal }), timeoutMs, `container ${id} to exit`)) as {
      StatusCode: number;
    };
    return result.StatusCode;
  } catch (err) {
    if (testkitErrors.is(err)) throw err;
    throw testkitErrors.error('CONTAINER_FAILED', `wait for ${id}`, { cause: err });
  } finally {
    abort.abort();
  }
}

/**
 * Force-removes every container (running or not) carrying `label` (`key` or `key=value`) and waits
 * until they are gone; returns how many there were.
 */
export async function removeContainersByLabel(docker: Dockerode, label: string): Promise<number> {
  const containers = await docker.listContainers({ all: true, filters: { label: [label] } });
  await Promise.all(containers.map((info) => removeContainer(docker, info.Id)));
  return containers.length;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Creates a container, runs it to completion and returns its exit code and output. Whatever happens,
 * the container is gone when this settles (also when `HostConfig.AutoRemove` is set).
 */
export async function runContainer(docker: Dockerode, create: Dockerode.ContainerCreateOptions, options: { timeoutMs?: number } = {}): Promise<RunResult> {
  const { timeoutMs = 60_000 } = options;
  const container = await docker.createContainer({ ...create, AttachStdout: true, AttachStderr: true, Tty: false });
  try {
    const exit = waitForContainerExit(docker, container.id, { timeoutMs, condition: 'next-exit' });
    exit.catch(() => undefined); // awaited below; keeps an early failure from being unhandled
    const output = await container.attach({ stream: true, stdout: true, stderr: true });
    const stdout = collector();
    const stderr = collector();
    docker.modem.demuxStream(output, stdout.sink, stderr.sink);
    await container.start();
    const exitCode = await exit;
    await withTimeout(finished(output), timeoutMs, `output of container ${container.id}`);
    return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    await removeContainer(docker, container.id);
  }
}

/**
 * Force-removes a container and resolves once it is gone; one already gone (404) counts as removed, and
 * one the engine is already removing (409, e.g. AutoRemove) is waited for.
 */
async function removeContainer(docker: Dockerode, id: string): Promise<void> {
  try {
    await docker.getContainer(id).remove({ force: true, v: true });
  } catch (err) {
    const code = statusCode(err);
    if (code === 409) return waitUntilRemoved(docker, id);
    if (code !== 404) throw testkitErrors.error('CONTAINER_FAILED', `remove ${id}`, { cause: err });
  }
}

async function waitUntilRemoved(docker: Dockerode, id: string): Promise<void> {
  try {
    await withTimeout(docker.getContainer(id).wait({ condition: 'removed' }), 30_000, `removal of container ${id}`);
  } catch (err) {
    if (statusCode(err) !== 404) throw testkitErrors.is(err) ? err : testkitErrors.error('CONTAINER_FAILED', `wait for removal of ${id}`, { cause: err });
  }
}

function collector(): { sink: Writable; text(): string } {
  const chunks: Buffer[] = [];
  return {
    sink: new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    }),
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}
