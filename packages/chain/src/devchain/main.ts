/**
 * `pnpm devchain --port N --subnet <file> [--host H] [--block-time-ms MS] [--beacon-seed S [--beacon-period SEC]]`:
 * runs a devchain and prints its ws URL. With a beacon seed, the devchain serves its own drand
 * beacon (`Drand.BeaconConfig`) and opens timelocked weight commits with its pulses; without one it
 * serves quicknet's key, as finney does, and such commits stay sealed.
 */
import { parseArgs } from 'node:util';
import { devBeacon } from '../timelock/dev-beacon';
import { devDrandHook } from './dev-drand';
import { createDevchain } from './server';
import { loadSubnet } from './subnet';

const USAGE = 'usage: pnpm devchain --port N --subnet <file.json> [--host 127.0.0.1] [--block-time-ms MS] [--beacon-seed S [--beacon-period SEC]]\n';

function fail(message: string): never {
  process.stderr.write(`devchain: ${message}\n${USAGE}`);
  process.exit(2);
}

function integer(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be an integer in [${min}, ${max}], got "${value}"`);
  return n;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      subnet: { type: 'string' },
      'block-time-ms': { type: 'string', default: '12000' },
      'beacon-seed': { type: 'string' },
      'beacon-period': { type: 'string', default: '3' },
    },
  }));
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
if (!values.subnet) fail('--subnet is required');
const port = integer('port', values.port, 0, 65_535);
const blockTimeMs = integer('block-time-ms', values['block-time-ms'], 0, 3_600_000);
const seed = values['beacon-seed'];
const period = integer('beacon-period', values['beacon-period'], 1, 3_600);
let subnet;
try {
  subnet = loadSubnet(values.subnet);
} catch (err) {
  fail(`cannot load ${values.subnet}: ${err instanceof Error ? err.message : String(err)}`);
}
const drand = seed === undefined ? undefined : devDrandHook(devBeacon(seed, { genesis: Math.floor(Date.now() / 1000) - 60, period }));
const devchain = await createDevchain({ subnet, port, host: values.host, blockTimeMs, drand });
process.stdout.write(`${devchain.url}\n`);
const stop = (): void => void devchain.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
