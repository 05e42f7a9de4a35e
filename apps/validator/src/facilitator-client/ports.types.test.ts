import { expectTypeOf, it } from 'vitest';
import type { WhitelistRepo } from '../db/whitelist';
import type { JobStatusBus } from '../services/job-status-bus';
import type { OrganicJobs } from '../services/organic-jobs';
import type { JobSubmitter, SignerPolicy, StatusSource } from './ports';

// Checked by `tsc` (pnpm typecheck): the validator's services plug into the client's ports as they are.
it('the validator services fit the facilitator client ports', () => {
  expectTypeOf<OrganicJobs>().toExtend<JobSubmitter>();
  expectTypeOf<WhitelistRepo>().toExtend<SignerPolicy>();
  expectTypeOf<JobStatusBus>().toExtend<StatusSource>();
});
