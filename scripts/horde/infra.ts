/** What the local horde needs from the machine: Docker, Redis, ports, per-app databases. */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import Docker from 'dockerode';
import pg from 'pg';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A connected Docker client, or an error that says what to do. */
export async function requireDockerEngine(): Promise<Docker> {
  const docker = new Docker();
  try {
    await docker.ping();
    return docker;
  } catch (cause) {
    throw new Error(
      'Docker is required: jobs run in containers, and no Docker engine answered on /var/run/docker.sock.\n' +
        'Install it (Debian/Ubuntu: `apt-get install -y docker.io`) and start it (`systemctl start docker`, or `dockerd &`), then run this again.',
      { cause },
    );
  }
}

export interface RedisHandle {
  url: string;
  how: string;
  stop(): Promise<void>;
}

/** REDIS_URL when set; else a redis-server child process when one is installed; else a Redis container. */
export async function provideRedis(env: NodeJS.ProcessEnv, docker: Docker): Promise<RedisHandle> {
  if (env.REDIS_URL) return { url: env.REDIS_URL, how: 'REDIS_URL', stop: async () => undefined };
  const port = await freePort();
  if (spawnSync('redis-server', ['--version']).status === 0) {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitForRedis(port);
    return {
      url: `redis://127.0.0.1:${port}`,
      how: 'redis-server child process',
      stop: async () => {
        child.kill('SIGTERM');
      },
    };
  }
  const container = await docker.createContainer({
    Image: 'redis:7-alpine',
    HostConfig: { PortBindings: { '6379/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] }, AutoRemove: true },
    ExposedPorts: { '6379/tcp': {} },
    Labels: { 'org.horde.role': 'local-horde-redis' },
  });
  await container.start();
  await waitForRedis(port);
  return { url: `redis://127.0.0.1:${port}`, how: 'redis:7-alpine container', stop: async () => void (await container.stop().catch(() => undefined)) };
}

async function waitForRedis(port: number): Promise<void> {
  const { Redis } = await import('ioredis');
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined); // not up yet: connect() rejects and we try again
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return;
    } catch {
      client.disconnect();
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`Redis on port ${port} did not come up`);
}

/**
 * With DATABASE_URL, each app gets its own database on that server (`<db>_<app>`, created when
 * missing, recreated when `fresh`): their table names overlap. Without it each app uses embedded
 * PGlite in its data dir. The databases are managed through the server's `postgres` database.
 */
export async function appDatabaseUrl(baseUrl: string, app: string, fresh = false): Promise<string> {
  const url = new URL(baseUrl);
  const name = `${url.pathname.replace(/^\//, '') || 'horde'}_${app}`.replace(/[^a-zA-Z0-9_]/g, '_');
  const maintenance = new URL(baseUrl);
  maintenance.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: maintenance.toString() });
  await admin.connect();
  try {
    if (fresh) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}
