import { readFile } from 'node:fs/promises';
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import type { V0JobRequest } from '@horde/protocol';
import { runJobContainer } from '../docker/job-container';
import type { ContainerLimits } from '../docker/job-container';
import type { Workspace } from './workspace';
import { writeRawScript } from './workspace';

/** How the job container ended, with its full (capped) output. */
export interface ExecutionResult {
  /** null when it was killed for running over its time. */
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface ExecutionInput {
  docker: Docker;
  logger: Logger;
  token: string;
  job: V0JobRequest;
  ws: Workspace;
  /** Give the container every GPU (`nvidia_all` preset on a GPU executor). */
  gpu: boolean;
  limits: ContainerLimits;
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * Runs the job's container (§2.6 of the reference, hardened: see job-container.ts) with the
 * workspace mounted, until it exits or `timeoutMs` passes, and reads back what it printed.
 */
export async function executeJob(input: ExecutionInput): Promise<ExecutionResult> {
  const { job, ws } = input;
  const rawScriptPath = job.raw_script ? await writeRawScript(ws, job.raw_script) : undefined;
  const outcome = await runJobContainer(
    input.docker,
    {
      token: input.token,
      jobUuid: job.job_uuid,
      image: job.docker_image,
      cmd: job.docker_run_cmd,
      env: job.env,
      ...(rawScriptPath ? { rawScriptPath } : {}),
      gpu: input.gpu,
      binds: {
        volume: ws.volume,
        output: ws.output,
        specs: ws.specs,
        ...(job.artifacts_dir ? { artifacts: { host: ws.artifacts, container: job.artifacts_dir } } : {}),
      },
      limits: input.limits,
      logFiles: ws.logs,
    },
    { timeoutMs: input.timeoutMs, logger: input.logger, signal: input.signal },
  );
  const [stdout, stderr] = await Promise.all([readFile(ws.logs.stdout, 'utf8'), readFile(ws.logs.stderr, 'utf8')]);
  return { exitCode: outcome.exitCode, timedOut: outcome.timedOut, stdout, stderr, durationMs: outcome.durationMs };
}
