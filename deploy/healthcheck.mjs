// The HEALTHCHECK of the Horde images: `node /app/healthcheck.mjs <PORT_VARIABLE>` exits 0 when
// GET http://127.0.0.1:<port>/health answers 2xx within 4 s, where <port> is the value of the named
// environment variable (the port the app listens on). Plain node: the images have no curl.
/* global fetch, AbortSignal */
const variable = process.argv[2] ?? '';
const port = Number(process.env[variable]);
if (!Number.isInteger(port) || port <= 0) {
  console.error(`healthcheck: ${variable || '<PORT_VARIABLE>'} is not a port`);
  process.exit(2);
}
try {
  const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(4000) });
  process.exit(response.ok ? 0 : 1);
} catch (err) {
  console.error(`healthcheck: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
