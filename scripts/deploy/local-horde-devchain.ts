/**
 * The devchain image's entry: `pnpm devchain` (packages/chain/src/devchain/main.ts, same arguments)
 * behind a TCP forwarder, so that other containers reach it. The devchain listens on 127.0.0.1 only;
 * the forwarder listens on DEVCHAIN_LISTEN_PORT (default 9944) of every interface of the container
 * and pipes each connection to the devchain's loopback port (`--port`, which must then differ).
 */
import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { port: { type: 'string' } }, strict: false });
const devchainPort = Number(values.port);
const listenPort = Number(process.env.DEVCHAIN_LISTEN_PORT ?? '9944');
if (!Number.isInteger(devchainPort) || devchainPort <= 0 || devchainPort === listenPort) {
  process.stderr.write(`devchain: --port must be a port other than DEVCHAIN_LISTEN_PORT (${listenPort}), the devchain's own on 127.0.0.1\n`);
  process.exit(2);
}

function pipeBoth(a: Socket, b: Socket): void {
  a.pipe(b);
  b.pipe(a);
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
  a.on('close', () => b.destroy());
  b.on('close', () => a.destroy());
}

const forwarder = createServer((client) => pipeBoth(client, connect(devchainPort, '127.0.0.1')));
forwarder.listen(listenPort, '0.0.0.0');

await import('../../packages/chain/src/devchain/main');
