/**
 * A process for shutdown tests: registers hooks, prints "ready", and exits through createShutdown
 * with `exit: true`. argv[2]: 'clean' (hooks succeed) or 'hang' (the only hook never finishes).
 */
import { createLogger } from '../logger';
import { createShutdown } from '../shutdown';

const mode = process.argv[2] ?? 'clean';
const logger = createLogger({ name: 'shutdown-child', level: 'info' });
const shutdown = createShutdown(logger, { timeoutMs: mode === 'hang' ? 60_000 : 1_000, exit: true });
const server = setInterval(() => undefined, 1_000); // keeps the process alive until shutdown

shutdown.onShutdown('interval', () => clearInterval(server));
if (mode === 'hang') shutdown.onShutdown('hang', () => new Promise(() => undefined));
else shutdown.onShutdown('flush', () => logger.info({ hook: 'flush' }, 'flush ran'));
logger.info('ready');
