import type Docker from 'dockerode';
import { Writable } from 'node:stream';
import { JOB_LABELS } from './labels';

export interface RunOnceResult {
  /** null when it was killed for running over `timeoutMs`. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Keep at most this much of a helper container's output: checks print a line or two. */
const OUTPUT_CAP = 64 * 1024;

/**
 * Runs a short helper container of a job (a security check, a cleanup) to completion and returns
 * its exit code and output. It carries the job's labels, so the janitor finds it if we crash, and
 * is always removed before this settles. Network is `none` unless `create.HostConfig` says otherwise.
 */
export async function runOnce(
  docker: Docker,
  create: Docker.ContainerCreateOptions,
  opts: { token: string; jobUuid: string; role: string; timeoutMs: number },
): Promise<RunOnceResult> {
  const container = await docker.createContainer({
    ...create,
    Labels: { ...create.Labels, [JOB_LABELS.role]: opts.role, [JOB_LABELS.jobUuid]: opts.jobUuid, [JOB_LABELS.token]: opts.token },
    HostConfig: { NetworkMode: 'none', ...create.HostConfig },
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  });
  try {
    const stdout = collector();
    const stderr = collector();
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    const ended = new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    docker.modem.demuxStream(stream, stdout.sink, stderr.sink);
    const exited = container.wait({ condition: 'next-exit' }) as Promise<{ StatusCode: number }>;
    exited.catch(() => undefined); // raced below; may reject after removal with nobody listening
    await container.start();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), opts.timeoutMs)));
    const result = await Promise.race([exited, timedOut]).finally(() => clearTimeout(timer));
    if (result === 'timeout') return { exitCode: null, stdout: stdout.text(), stderr: stderr.text() };
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    return { exitCode: result.StatusCode, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    // A container that resists removal is left to the driver's final reap by token label.
    await container.remove({ force: true, v: true }).catch(() => undefined);
  }
}

function collector(): { sink: Writable; text(): string } {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    sink: new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (size < OUTPUT_CAP) chunks.push(chunk.subarray(0, OUTPUT_CAP - size));
        size += chunk.length;
        done();
      },
    }),
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}
