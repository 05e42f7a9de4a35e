/** Entry of the `horde` CLI (bin/horde.mjs runs it through tsx). Exit codes: 0 completed, 1 job did not complete or a request failed, 2 usage. */
import { CommanderError } from 'commander';
import { HordeError } from '@horde/protocol';
import { buildCli } from './program';

const program = buildCli({
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  setExitCode: (code) => {
    process.exitCode = code;
  },
});
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // commander has printed the problem already (or the help, with exit code 0)
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else if (err instanceof HordeError) {
    process.stderr.write(`horde: ${err.code}: ${err.message}\n`);
    process.exitCode = 1;
  } else {
    throw err;
  }
}
