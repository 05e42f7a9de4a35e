/**
 * A dashboard link for a hotkey: logs in (nonce + signed login) and prints
 * `<facilitator>/dashboard/?token=<jwt>`. The dashboard itself never holds a private key.
 *
 *   pnpm --filter @horde/facilitator exec tsx src/dashboard/login-link.ts <facilitator url> <hotkey file>
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadKeyfile, sign } from '@horde/hotkey';
import type { Hotkey } from '@horde/hotkey';

async function json(response: Response): Promise<Record<string, unknown>> {
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${response.url}: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** Logs `key` in at `baseUrl`; resolves with the dashboard URL carrying the token. */
export async function loginLink(baseUrl: string, key: Hotkey): Promise<string> {
  const base = baseUrl.replace(/\/+$/, '');
  const { nonce } = await json(await fetch(`${base}/auth/nonce`));
  if (typeof nonce !== 'string') throw new Error('no nonce in the answer of /auth/nonce');
  const { token } = await json(
    await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hotkey: key.address, nonce, signature: sign(key, nonce).slice(2) }),
    }),
  );
  return `${base}/dashboard/?token=${encodeURIComponent(String(token))}`;
}

const invokedDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const [baseUrl, hotkeyFile] = process.argv.slice(2);
  if (baseUrl === undefined || hotkeyFile === undefined) {
    console.error('usage: login-link.ts <facilitator url> <hotkey file>');
    process.exit(2);
  }
  console.log(await loginLink(baseUrl, await loadKeyfile(hotkeyFile)));
}
