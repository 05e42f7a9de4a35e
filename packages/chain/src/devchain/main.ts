/** `pnpm devchain --port N --subnet <file> [--block-time-ms MS]`: runs a devchain and prints its ws URL. */
import { parseArgs } from 'node:util';
import { createDevchain } from './server';
import { loadSubnet } from './subnet';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    subnet: { type: 'string' },
    'block-time-ms': { type: 'string', default: '12000' },
  },
});
if (!values.subnet) {
  process.stderr.write('usage: pnpm devchain --port N --subnet <file.json> [--block-time-ms MS]\n');
  process.exit(2);
}
const devchain = await createDevchain({ subnet: loadSubnet(values.subnet), port: Number(values.port), blockTimeMs: Number(values['block-time-ms']) });
process.stdout.write(`${devchain.url}\n`);
const stop = (): void => void devchain.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
