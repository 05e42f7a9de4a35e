import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectCatalogs } from './error-catalogs';
import { ERRORS_DOC_PATH, renderErrorsDoc } from './errors-doc';

describe('docs/errors.md', () => {
  it('lists every code of every catalog (run `pnpm docs:errors` after adding one)', () => {
    const doc = readFileSync(ERRORS_DOC_PATH, 'utf8');
    for (const { catalog } of collectCatalogs()) {
      for (const code of catalog.codes) expect(doc, `${catalog.name}.${code}`).toContain(`\`${code}\``);
    }
    expect(doc).toBe(renderErrorsDoc());
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
        expect([1000, 1001, 1003, 1007, 1008, 1009, 1011, 1012].includes(spec.wsClose) || (spec.wsClose >= 4000 && spec.wsClose < 5000)).toBe(true);
      }
    }
  });
});
