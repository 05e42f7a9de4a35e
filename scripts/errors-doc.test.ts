import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectCatalogs } from './error-catalogs';
import { ERRORS_DOC_PATH, renderErrorsDoc } from './errors-doc';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('docs/errors.md', () => {
  it('lists every code of every catalog (run `pnpm docs:errors` after adding one)', () => {
    const doc = readFileSync(ERRORS_DOC_PATH, 'utf8');
    for (const { catalog } of collectCatalogs()) {
      for (const code of catalog.codes) expect(doc, `${catalog.name}.${code}`).toContain(`\`${code}\``);
    }
    expect(doc).toBe(renderErrorsDoc());
  });

  it('finds every catalog defined in the source tree', () => {
    const files = execFileSync('git', ['grep', '-l', 'defineErrors(', '--', 'packages/*/src/*.ts', 'packages/*/src/**/*.ts', 'apps/*/src/*.ts', 'apps/*/src/**/*.ts'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((file) => file && !file.endsWith('.test.ts') && !file.endsWith('protocol/src/errors.ts'));
    expect(collectCatalogs().length, `catalog files: ${files.join(', ')}`).toBe(files.length);
  });

  it('finds the catalogs of the foundation packages', () => {
    const names = collectCatalogs().map((c) => c.catalog.name);
    expect(names).toEqual(expect.arrayContaining(['protocol', 'hotkey', 'service']));
  });

  it('has unique codes within each catalog and sane statuses', () => {
    for (const { catalog } of collectCatalogs()) {
      expect(new Set(catalog.codes).size).toBe(catalog.codes.length);
      for (const code of catalog.codes) {
        expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
        const spec = catalog.specs[code]!;
        expect(spec.http).toBeGreaterThanOrEqual(400);
        expect(spec.http).toBeLessThan(600);
        expect([1000, 1001, 1003, 1007, 1008, 1009, 1011, 1012].includes(spec.wsClose) || (spec.wsClose >= 3000 && spec.wsClose < 5000)).toBe(true);
      }
    }
  });
});
