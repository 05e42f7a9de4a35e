/**
 * Entry of the `horde-miner` CLI (bin/horde-miner.mjs runs it through tsx). Reads DATABASE_URL
 * (PGlite in MINER_PGLITE_DIR when unset), as the miner does, so it sees the miner's data.
 */
import { CommanderError } from 'commander';
import { z } from 'zod';
import { createLogger, defineEnv } from '@horde/service';
import { openMinerDatabase } from '../db/database';
import { JobsRepo } from '../db/jobs';
import { ValidatorsRepo } from '../db/validators';
import { buildCli } from './program';

const cliEnv = defineEnv(
  {
    DATABASE_URL: z.string().min(1).optional(),
    MINER_PGLITE_DIR: z.string().min(1).default('./miner-data/pglite'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  },
  { secrets: ['DATABASE_URL'] },
);

const env = cliEnv.load(process.env);
const logger = createLogger({ name: 'horde-miner', level: env.LOG_LEVEL, secrets: cliEnv.secrets, destination: process.stderr });
const program = buildCli({
  print: (text) => process.stdout.write(`${text}\n`),
  open: async () => {
    const handle = await openMinerDatabase({ logger, ...(env.DATABASE_URL ? { url: env.DATABASE_URL } : { pgliteDir: env.MINER_PGLITE_DIR }) });
    return { jobs: new JobsRepo(handle.db), validators: new ValidatorsRepo(handle.db), close: () => handle.close() };
  },
});
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (!(err instanceof CommanderError)) throw err;
  process.exitCode = err.exitCode; // commander has printed the problem already
}
