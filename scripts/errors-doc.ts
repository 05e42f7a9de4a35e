/** Renders docs/errors.md from the error catalogs. `pnpm docs:errors` writes it; a test checks it. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { collectCatalogs } from './error-catalogs';

export const ERRORS_DOC_PATH = fileURLToPath(new URL('../docs/errors.md', import.meta.url));

export function renderErrorsDoc(): string {
  const lines = [
    '# Error codes',
    '',
    'Every typed error Horde raises, by catalog. Generated from the code by `pnpm docs:errors`;',
    'a test fails when this page and the code disagree. `http` is the status an API answers with,',
    '`ws` the WebSocket close code when the error ends a connection, `retry` whether the same call',
    'may succeed later.',
    '',
  ];
  for (const { module, catalog } of collectCatalogs()) {
    lines.push(`## ${catalog.name} (${module})`, '', '| code | message | http | ws | retry |', '|---|---|---|---|---|');
    for (const code of catalog.codes) {
      const s = catalog.specs[code];
      if (!s) continue;
      lines.push(`| \`${code}\` | ${s.message.replace(/\|/g, '\\|')} | ${s.http} | ${s.wsClose} | ${s.retryable ? 'yes' : 'no'} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(ERRORS_DOC_PATH, renderErrorsDoc());
  console.log(`wrote ${ERRORS_DOC_PATH}`);
}
