/**
 * `horde-validator`: operator commands, all through the admin API. `run-job` submits a job, prints
 * each stage as it happens, then stdout, stderr and artifacts (exit code 0 only when it completed);
 * `miners` and `whitelist` list, add and remove entries. Usage errors throw a CommanderError after
 * printing.
 */
import { randomUUID } from 'node:crypto';
import { Command, InvalidArgumentError } from 'commander';
import type { AdminClient } from './admin-client';

export interface CliOptions {
  readonly client: () => AdminClient;
  /** Where results go (stdout in the real CLI). */
  readonly print: (text: string) => void;
  /** Sets the process exit code (run-job: 1 when the job did not complete). */
  readonly setExitCode: (code: number) => void;
  /** Where usage errors go; stderr by default. */
  readonly printError?: (text: string) => void;
}

interface JobView {
  status: string;
  stdout: string | null;
  stderr: string | null;
  artifacts: Record<string, string> | null;
  error_type: string | null;
  error_detail: string | null;
}

function envPair(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('expected KEY=VALUE');
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

function seconds(value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0 || number > 3600) throw new InvalidArgumentError('must be 1..3600 seconds');
  return number;
}

function port(value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1 || number > 65_535) throw new InvalidArgumentError('must be a port number');
  return number;
}

/** One line per status: time, status, and the reason of a failure. */
function describeStatus(event: { status: string; metadata: unknown; at: string }): string {
  const metadata = (event.metadata ?? {}) as Record<string, { reason?: string; message?: string } | null | undefined>;
  const details = metadata.job_failure_details ?? metadata.horde_failure_details ?? metadata.job_rejection_details;
  return `${event.at.slice(11, 23)}  ${event.status}${details ? `  ${details.reason ?? ''}: ${details.message ?? ''}` : ''}`;
}

export function buildCli(options: CliOptions): Command {
  const program = new Command('horde-validator').description('Horde validator operator commands (through the admin API)').showHelpAfterError().exitOverride();
  if (options.printError) program.configureOutput({ writeErr: options.printError });
  const { print } = options;

  program
    .command('run-job')
    .description('run a job and show its stages live; the command follows --')
    .requiredOption('--image <image>', 'docker image of the job')
    .option('--executor-class <class>', 'executor class', 'always_on.test')
    .option('--env <KEY=VALUE>', 'environment variable of the job (repeatable)', envPair, {})
    .option('--miner <hotkey>', 'run on this miner instead of routing')
    .option('--timeout <seconds>', 'execution time limit', seconds, 300)
    .option('--artifacts-dir <dir>', 'directory inside the container whose files come back as artifacts')
    .argument('[cmd...]', 'command and arguments')
    .action(async (cmd: string[], flags: { image: string; executorClass: string; env: Record<string, string>; miner?: string; timeout: number; artifactsDir?: string }) => {
      const client = options.client();
      const uuid = randomUUID();
      await client.call('POST', '/admin/v1/jobs', {
        uuid,
        image: flags.image,
        executor_class: flags.executorClass,
        args: cmd,
        env: flags.env,
        execution_time_limit: flags.timeout,
        source: 'cli',
        ...(flags.miner ? { miner_hotkey: flags.miner } : {}),
        ...(flags.artifactsDir ? { artifacts_dir: flags.artifactsDir } : {}),
      });
      print(`job ${uuid}`);
      for await (const event of client.events(uuid)) print(describeStatus(event));
      const job = await client.call<JobView>('GET', `/admin/v1/jobs/${uuid}`);
      if (job.stdout) print(`--- stdout\n${job.stdout.replace(/\n$/, '')}`);
      if (job.stderr) print(`--- stderr\n${job.stderr.replace(/\n$/, '')}`);
      for (const [path, base64] of Object.entries(job.artifacts ?? {})) print(`--- artifact ${path}\n${Buffer.from(base64, 'base64').toString('utf8').replace(/\n$/, '')}`);
      options.setExitCode(job.status === 'COMPLETED' ? 0 : 1);
    });

  const miners = program.command('miners').description('miners this validator sends jobs to');
  miners
    .command('list')
    .description('miners with manifests, blacklist and recent incidents')
    .action(async () => {
      const answer = await options.client().call<{
        miners: Array<{ hotkey: string; address: string; port: number; source: string; manifest: Record<string, number>; blacklisted_until: string | null }>;
        incidents: unknown[];
      }>('GET', '/admin/v1/miners');
      for (const m of answer.miners) {
        const manifest = Object.entries(m.manifest).map(([cls, n]) => `${cls}=${n}`).join(',') || '-';
        print(`${m.hotkey}  ${m.address}:${m.port}  ${m.source}  ${manifest}${m.blacklisted_until ? `  blacklisted until ${m.blacklisted_until}` : ''}`);
      }
      print(`${answer.miners.length} miner(s), ${answer.incidents.length} incident(s) in the last 24 h`);
    });
  miners
    .command('add')
    .argument('<hotkey>')
    .argument('<address>')
    .argument('<port>', 'port', port)
    .action(async (hotkey: string, address: string, minerPort: number) => {
      await options.client().call('POST', '/admin/v1/miners', { hotkey, address, port: minerPort });
      print(`added ${hotkey} at ${address}:${minerPort}`);
    });
  miners
    .command('remove')
    .argument('<hotkey>')
    .action(async (hotkey: string) => {
      await options.client().call('DELETE', `/admin/v1/miners/${encodeURIComponent(hotkey)}`);
      print(`removed ${hotkey}`);
    });

  const whitelist = program.command('whitelist').description('submitters whose facilitator jobs run here');
  whitelist.command('list').action(async () => {
    const answer = await options.client().call<{ hotkeys: Array<{ hotkey: string; note: string }> }>('GET', '/admin/v1/whitelist');
    for (const row of answer.hotkeys) print(`${row.hotkey}${row.note ? `  ${row.note}` : ''}`);
  });
  whitelist
    .command('add')
    .argument('<hotkey>')
    .option('--note <text>', 'why', '')
    .action(async (hotkey: string, flags: { note: string }) => {
      await options.client().call('POST', '/admin/v1/whitelist', { hotkey, note: flags.note });
      print(`whitelisted ${hotkey}`);
    });
  whitelist
    .command('remove')
    .argument('<hotkey>')
    .action(async (hotkey: string) => {
      await options.client().call('DELETE', `/admin/v1/whitelist/${encodeURIComponent(hotkey)}`);
      print(`removed ${hotkey}`);
    });
  return program;
}
