/** Fake peers speaking the real protocols over real sockets. */
export { dial, MAX_FRAME_BYTES, PeerSocket } from './peer-socket';
export type { CloseEvent } from './peer-socket';
export { connectFakeValidator, FakeValidator } from './fake-validator';
export type { FakeValidatorOptions, MinerMessage, MinerMessageOf, MinerMessageType } from './fake-validator';
export { connectFakeExecutor, FakeExecutor } from './fake-executor';
export type { FakeExecutorOptions } from './fake-executor';
export { runJob } from './run-job';
export type { JobOutcome, JobRun, JobRunOptions, JobSpec } from './run-job';
export { buildAcceptedReceipt, buildAuth, buildFinishedReceipt, buildInitialJob, buildJobRequest, DEFAULT_EXECUTOR_TIMING } from './validator-messages';
export type { AcceptedReceiptOptions, AuthOptions, FinishedReceiptOptions, InitialJobOptions, JobRequestOptions, ValidatorKey } from './validator-messages';
