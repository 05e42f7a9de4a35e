import type { ValidatorsRepo } from '../db/validators';
import type { WhitelistRepo } from '../db/whitelist';

export interface CliRepos {
  readonly validators: ValidatorsRepo;
  readonly whitelist: WhitelistRepo;
  close(): Promise<void>;
}

export interface CliContext {
  readonly print: (line: string) => void;
  readonly printError: (line: string) => void;
  /** Opens the database (only for commands that need it). */
  readonly open: () => Promise<CliRepos>;
}

const USAGE = `usage: horde-facilitator <command>
  validators add <hotkey>...     allow validators on /ws/v0/ (re-activates)
  validators remove <hotkey>...  refuse them from now on (their history stays)
  validators list
  whitelist add <hotkey>...      allow users to log in and submit jobs
  whitelist remove <hotkey>...
  whitelist list`;

/** Runs `horde-facilitator <args>` and resolves with the exit code (0 ok, 1 failure, 2 usage). */
export async function runCli(args: readonly string[], ctx: CliContext): Promise<number> {
  const [group, action = '', ...hotkeys] = args;
  const known = (group === 'validators' || group === 'whitelist') && (action === 'list' ? hotkeys.length === 0 : (action === 'add' || action === 'remove') && hotkeys.length > 0);
  if (!known) {
    (args.length === 0 || args[0] === '--help' || args[0] === 'help' ? ctx.print : ctx.printError)(USAGE);
    return args.length === 0 || args[0] === '--help' || args[0] === 'help' ? 0 : 2;
  }
  const repos = await ctx.open();
  try {
    if (group === 'validators') return await validators(repos.validators, action, hotkeys, ctx);
    return await whitelist(repos.whitelist, action, hotkeys, ctx);
  } finally {
    await repos.close();
  }
}

async function validators(repo: ValidatorsRepo, action: string, hotkeys: string[], ctx: CliContext): Promise<number> {
  if (action === 'list') {
    for (const row of await repo.list()) ctx.print(`${row.hotkey}\t${row.active ? 'active' : 'inactive'}\t${row.lastSeen?.toISOString() ?? 'never seen'}`);
    return 0;
  }
  let code = 0;
  for (const hotkey of hotkeys) {
    if (action === 'add') {
      await repo.add(hotkey);
      ctx.print(`validator ${hotkey} active`);
    } else if (await repo.deactivate(hotkey)) {
      ctx.print(`validator ${hotkey} inactive`);
    } else {
      ctx.printError(`validator ${hotkey} is unknown`);
      code = 1;
    }
  }
  return code;
}

async function whitelist(repo: WhitelistRepo, action: string, hotkeys: string[], ctx: CliContext): Promise<number> {
  if (action === 'list') {
    for (const row of await repo.list()) ctx.print(`${row.hotkey}\t${row.createdAt.toISOString()}${row.note ? `\t${row.note}` : ''}`);
    return 0;
  }
  let code = 0;
  for (const hotkey of hotkeys) {
    if (action === 'add') {
      await repo.add(hotkey, 'cli');
      ctx.print(`whitelisted ${hotkey}`);
    } else if (await repo.remove(hotkey)) {
      ctx.print(`removed ${hotkey} from the whitelist`);
    } else {
      ctx.printError(`${hotkey} was not whitelisted`);
      code = 1;
    }
  }
  return code;
}
