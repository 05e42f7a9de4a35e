import { Command, InvalidArgumentError, Option } from 'commander';
import type { JobsRepo } from '../db/jobs';
import { ACCEPTED_JOB_STATUSES } from '../db/schema';
import type { ValidatorsRepo } from '../db/validators';
import { formatDuration, formatTable, formatTime } from './table';

/** What the commands work on; opened lazily so that `--help` needs no database. */
export interface CliContext {
  readonly jobs: JobsRepo;
  readonly validators: ValidatorsRepo;
}

export interface CliOptions {
  /** Opens the database; the returned `close` runs after the command. */
  readonly open: () => Promise<CliContext & { close(): Promise<void> }>;
  /** Where results go (stdout in the real CLI). */
  readonly print: (text: string) => void;
  /** Where usage errors go; stderr by default. */
  readonly printError?: (text: string) => void;
}

/** An ss58 address: base58, 47 or 48 characters for the 32-byte keys bittensor uses. */
const SS58 = /^[1-9A-HJ-NP-Za-km-z]{47,48}$/;

function hotkeyArgument(value: string): string {
  if (!SS58.test(value)) throw new InvalidArgumentError('not an ss58 hotkey address');
  return value;
}

function positiveInt(value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0) throw new InvalidArgumentError('must be a positive integer');
  return number;
}

/**
 * `horde-miner`: operator commands on the miner's database. `jobs` lists accepted jobs (newest
 * first); `validators` lists, adds and removes the validators allowed to connect, and manages the
 * blacklist. Usage errors throw a CommanderError after printing.
 */
export function buildCli(options: CliOptions): Command {
  // exitOverride: commander throws a CommanderError (with its exitCode) instead of exiting.
  const program = new Command('horde-miner').description('Horde miner operator commands').showHelpAfterError().exitOverride();
  if (options.printError) program.configureOutput({ writeErr: options.printError });
  const withContext = async (use: (context: CliContext) => Promise<void>): Promise<void> => {
    const context = await options.open();
    try {
      await use(context);
    } finally {
      await context.close();
    }
  };

  program
    .command('jobs')
    .description('list accepted jobs, newest first')
    .addOption(new Option('--status <status>', 'only jobs in this status').choices(ACCEPTED_JOB_STATUSES))
    .option('--limit <n>', 'at most this many jobs', positiveInt, 20)
    .action((flags: { status?: (typeof ACCEPTED_JOB_STATUSES)[number]; limit: number }) =>
      withContext(async ({ jobs }) => {
        const rows = await jobs.list({ limit: flags.limit, ...(flags.status ? { status: flags.status } : {}) });
        const cells = rows.map((job) => [job.jobUuid, job.status, job.executorClass, job.validatorHotkey, formatTime(job.createdAt), formatDuration(job.receivedAt, job.finishedAt), job.errorType ?? '']);
        options.print(rows.length === 0 ? 'no jobs' : formatTable(['JOB UUID', 'STATUS', 'EXECUTOR CLASS', 'VALIDATOR', 'RECEIVED (UTC)', 'TOOK', 'ERROR'], cells));
      }),
    );

  const validators = program.command('validators').description('validators allowed to send jobs');
  validators
    .command('list')
    .description('list validators and whether they are blacklisted')
    .action(() =>
      withContext(async ({ validators: repo }) => {
        const rows = await repo.list();
        const blacklisted = await Promise.all(rows.map((row) => repo.isBlacklisted(row.hotkey)));
        const cells = rows.map((row, index) => [row.hotkey, row.active ? 'yes' : 'no', row.source, blacklisted[index] ? 'yes' : 'no', formatTime(row.createdAt)]);
        options.print(rows.length === 0 ? 'no validators' : formatTable(['HOTKEY', 'ACTIVE', 'SOURCE', 'BLACKLISTED', 'ADDED (UTC)'], cells));
      }),
    );
  validators
    .command('add')
    .argument('<hotkey>', 'the validator hotkey (ss58)', hotkeyArgument)
    .description('allow a validator (active at once)')
    .action((hotkey: string) =>
      withContext(async ({ validators: repo }) => {
        const row = await repo.add(hotkey, 'cli');
        options.print(`validator ${row.hotkey} added (source ${row.source})`);
      }),
    );
  validators
    .command('remove <hotkey>')
    .description('remove a validator (MINER_VALIDATORS adds it again at the next start)')
    .action((hotkey: string) =>
      withContext(async ({ validators: repo }) => {
        options.print((await repo.remove(hotkey)) ? `validator ${hotkey} removed` : `validator ${hotkey} was not in the list`);
      }),
    );
  validators
    .command('blacklist')
    .argument('<hotkey>', 'the validator hotkey (ss58)', hotkeyArgument)
    .description("decline this validator's jobs (reason validator_blacklisted)")
    .option('--reason <text>', 'why, for the record', '')
    .action((hotkey: string, flags: { reason: string }) =>
      withContext(async ({ validators: repo }) => {
        await repo.blacklist(hotkey, flags.reason);
        options.print(`validator ${hotkey} blacklisted`);
      }),
    );
  validators
    .command('unblacklist <hotkey>')
    .description("accept this validator's jobs again")
    .action((hotkey: string) =>
      withContext(async ({ validators: repo }) => {
        options.print((await repo.unblacklist(hotkey)) ? `validator ${hotkey} unblacklisted` : `validator ${hotkey} was not blacklisted`);
      }),
    );
  return program;
}
