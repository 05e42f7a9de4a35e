import { describe, expect, it } from 'vitest';
import { withTimeout } from '@horde/testkit';
import { useTestDatabase } from '@horde/testkit/vitest';
import { buildFacilitatorApp } from './app';
import { openFacilitatorDatabase } from './db/database';
import { facilitatorTemplate, logger, TEST_SECRET } from './test-support/harness';

const database = useTestDatabase({ template: facilitatorTemplate });

describe('buildFacilitatorApp', () => {
  it('refuses to listen without Redis (REDIS_UNAVAILABLE) and still closes cleanly', async () => {
    const handle = await openFacilitatorDatabase({ url: database.url, logger });
    const app = buildFacilitatorApp({ db: handle.db, redisUrl: 'redis://127.0.0.1:1', redisPrefix: 'unused:', secret: TEST_SECRET, logger });
    try {
      await expect(withTimeout(app.listen('127.0.0.1', 0), 10_000, 'listen')).rejects.toMatchObject({ code: 'REDIS_UNAVAILABLE' });
    } finally {
      await withTimeout(app.close(), 5_000, 'close');
      await handle.close();
    }
  });
});
