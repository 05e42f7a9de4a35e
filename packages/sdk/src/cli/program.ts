/**
 * The `horde` CLI: `horde job run|get|list|cancel`. Built from its collaborators (output streams,
 * environment, a client factory) so that it has no global state of its own.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_EXECUTOR_CLASS } from '@horde/protocol';
import { HordeClient } from '../client';
import type { HordeClientOptions } from '../client';
import { DEFAULT_TIME_LIMIT_SEC } from '../spec';
import type { JobSpec } from '../spec';
import { resolveConnection } from './config';
import type { CliEnv, ConnectionFlags } from './config';
import { listLine, resultText, stageLine } from './format';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: CliEnv;
  /** Records the process exit code (a job that did not complete ends with 1). */
  readonly setExitCode: (code: number) => void;
  /** Builds the client (tests may pass options such as a short poll interval). */
  readonly client?: (options: HordeClientOptions) => HordeClient;
}

/** Extra seconds the CLI waits beyond the job's own time limits before giving up. */
const WAIT_MARGIN_SEC = 300;

export function buildCli(io: CliIo): Command {
  const program = new Command('horde')
    .description('Run and inspect jobs on a Horde (ComputeHorde) facilitator')
    .option('--facilitator <url>', 'facilitator URL (env HORDE_FACILITATOR_URL)')
    .option('--wallet <wallet>', 'hotkey file, or <wallet>/<hotkey> in the wallets dir (env HORDE_WALLET)')
    .option('--wallets-dir <dir>', 'bittensor wallets dir (env HORDE_WALLETS_DIR, default ~/.bittensor/wallets)')
    .option('--validator <hotkey>', 'validator to send jobs to (env HORDE_VALIDATOR)')
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) })
    .exitOverride();

  const connect = async (): Promise<HordeClient> => {
    const connection = await resolveConnection(program.opts<ConnectionFlags>(), io.env);
    const options: HordeClientOptions = { facilitatorUrl: connection.facilitatorUrl, hotkey: connection.hotkey, validatorHotkey: connection.validatorHotkey };
    return io.client ? io.client(options) : new HordeClient(options);
  };

  const job = program.command('job').description('submit and inspect jobs');

  job
    .command('run')
    .description('run a job and show each stage as it happens; exits 0 only when it completed')
    .requiredOption('--image <image>', 'docker image')
    .option('--executor-class <class>', 'executor class', DEFAULT_EXECUTOR_CLASS)
    .option('--env <KEY=VALUE>', 'environment variable (repeatable)', collectEnv, {})
    .addOption(new Option('--timeout <seconds>', 'execution time limit').argParser(seconds).default(DEFAULT_TIME_LIMIT_SEC))
    .addOption(new Option('--download-timeout <seconds>', 'download time limit').argParser(seconds).default(DEFAULT_TIME_LIMIT_SEC))
    .addOption(new Option('--upload-timeout <seconds>', 'upload time limit').argParser(seconds).default(DEFAULT_TIME_LIMIT_SEC))
    .option('--artifacts-dir <dir>', 'directory whose files come back as artifacts')
    .option('--namespace <namespace>', 'job namespace, e.g. SN123.0')
    .addOption(new Option('--attempts <n>', 're-run after a horde failure, up to n tries in all').argParser(positive).default(1))
    .argument('[command...]', 'command and arguments for the container (after --)')
    .action(async (command: string[], opts: RunFlags) => {
      const client = await connect();
      const spec: JobSpec = {
        docker_image: opts.image,
        executor_class: opts.executorClass,
        args: command,
        env: opts.env,
        artifacts_dir: opts.artifactsDir,
        job_namespace: opts.namespace,
        execution_time_limit_sec: opts.timeout,
        download_time_limit_sec: opts.downloadTimeout,
        upload_time_limit_sec: opts.uploadTimeout,
      };
      const startedAt = Date.now();
      const result = await client.runUntilComplete(spec, {
        maxAttempts: opts.attempts,
        timeoutMs: (opts.timeout + opts.downloadTimeout + opts.uploadTimeout + WAIT_MARGIN_SEC) * 1000 * opts.attempts,
        onAttempt: (created, attempt) => io.out(`job ${created.uuid}${attempt > 1 ? ` (attempt ${attempt})` : ''}`),
        onStatus: (entry) => io.out(stageLine(entry, startedAt)),
      });
      io.out(resultText(result));
      if (result.status !== 'completed') io.setExitCode(1);
    });

  job
    .command('get')
    .description('show a job: status, stages, output and artifacts')
    .argument('<uuid>')
    .action(async (uuid: string) => {
      const result = await (await connect()).getJob(uuid);
      for (const entry of result.statusHistory) io.out(`${entry.created_at ?? ''}  ${entry.status}`);
      io.out(resultText(result));
    });

  job
    .command('list')
    .description('list your jobs, newest pages first as the facilitator orders them')
    .addOption(new Option('--page <n>', 'page').argParser(positive).default(1))
    .addOption(new Option('--page-size <n>', 'jobs per page (≤ 256)').argParser(positive).default(20))
    .action(async (opts: { page: number; pageSize: number }) => {
      const page = await (await connect()).listJobs({ page: opts.page, pageSize: opts.pageSize });
      for (const result of page.results) io.out(listLine(result));
      io.out(`${page.results.length} of ${page.count} jobs${page.hasNext ? ` (more: --page ${opts.page + 1})` : ''}`);
    });

  job
    .command('cancel')
    .description('stop a job at whatever stage it is')
    .argument('<uuid>')
    .action(async (uuid: string) => {
      await (await connect()).cancelJob(uuid);
      io.out(`cancel requested for ${uuid}`);
    });

  return program;
}

interface RunFlags {
  image: string;
  executorClass: string;
  env: Record<string, string>;
  timeout: number;
  downloadTimeout: number;
  uploadTimeout: number;
  artifactsDir?: string;
  namespace?: string;
  attempts: number;
}

function collectEnv(pair: string, previous: Record<string, string>): Record<string, string> {
  const eq = pair.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('expected KEY=VALUE');
  return { ...previous, [pair.slice(0, eq)]: pair.slice(eq + 1) };
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected whole seconds');
  return n;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}
