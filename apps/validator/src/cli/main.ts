/**
 * Entry of the `horde-validator` CLI (bin/horde-validator.mjs runs it through tsx). Talks to the
 * admin API at VALIDATOR_ADMIN_URL (http://127.0.0.1:8100) with VALIDATOR_ADMIN_TOKEN.
 */
import { CommanderError } from 'commander';
import { z } from 'zod';
import { HordeError } from '@horde/protocol';
import { defineEnv } from '@horde/service';
import { validatorErrors } from '../errors';
import { AdminClient } from './admin-client';
import { buildCli } from './program';

const cliEnv = defineEnv(
  {
    VALIDATOR_ADMIN_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8100'),
    VALIDATOR_ADMIN_TOKEN: z.string().min(1).optional(),
  },
  { secrets: ['VALIDATOR_ADMIN_TOKEN'] },
);

const env = cliEnv.load(process.env);
const program = buildCli({
  print: (text) => process.stdout.write(`${text}\n`),
  setExitCode: (code) => (process.exitCode = code),
  client: () => {
    if (!env.VALIDATOR_ADMIN_TOKEN) throw validatorErrors.error('UNAUTHORIZED', 'VALIDATOR_ADMIN_TOKEN is not set');
    return new AdminClient(env.VALIDATOR_ADMIN_URL.replace(/\/$/, ''), env.VALIDATOR_ADMIN_TOKEN);
  },
});
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode; // commander has printed the problem already
  } else if (err instanceof HordeError) {
    console.error(`horde-validator: ${err.message}`);
    process.exitCode = 1;
  } else {
    throw err;
  }
}
