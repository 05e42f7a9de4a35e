/**
 * Entry of the `horde-facilitator` CLI (bin/horde-facilitator.mjs runs it through tsx). Reads
 * DATABASE_URL (PGlite in FACILITATOR_PGLITE_DIR when unset), as the facilitator does.
 */
import { z } from 'zod';
import { createLogger, defineEnv } from '@horde/service';
import { openFacilitatorDatabase } from '../db/database';
import { ValidatorsRepo } from '../db/validators';
import { WhitelistRepo } from '../db/whitelist';
import { runCli } from './program';

const cliEnv = defineEnv(
  {
    DATABASE_URL: z.string().min(1).optional(),
    FACILITATOR_PGLITE_DIR: z.string().min(1).default('./facilitator-data/pglite'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  },
  { secrets: ['DATABASE_URL'] },
);

const env = cliEnv.load(process.env);
const logger = createLogger({ name: 'horde-facilitator', level: env.LOG_LEVEL, secrets: cliEnv.secrets, destination: process.stderr });
process.exitCode = await runCli(process.argv.slice(2), {
  print: (line) => process.stdout.write(`${line}\n`),
  printError: (line) => process.stderr.write(`${line}\n`),
  open: async () => {
    const handle = await openFacilitatorDatabase({ logger, ...(env.DATABASE_URL ? { url: env.DATABASE_URL } : { pgliteDir: env.FACILITATOR_PGLITE_DIR }) });
    return { validators: new ValidatorsRepo(handle.db), whitelist: new WhitelistRepo(handle.db), close: () => handle.close() };
  },
});
