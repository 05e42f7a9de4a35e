/** @horde/sdk: submit jobs to a Horde (or ComputeHorde) facilitator and follow them. */
export { sdkErrors } from './errors';
export type { SdkErrorCode } from './errors';
export { DEFAULT_JOB_RETRY, DEFAULT_MAX_ATTEMPTS, HordeClient } from './client';
export type { CreateJobOptions, HordeClientOptions, JobPage, RunOptions, WaitOptions } from './client';
export { DEFAULT_HTTP_RETRY } from './http';
export type { FetchLike, HttpRetryOptions } from './http';
export { isInProgress } from './job';
export type { JobError, JobResult, StatusEntry } from './job';
export { DEFAULT_STREAMING_START_TIME_LIMIT_SEC, DEFAULT_TIME_LIMIT_SEC, jobDockerBody } from './spec';
export type { JobDockerBody, JobSpec } from './spec';
export { OUTPUT_MOUNT_PREFIX, VOLUME_MOUNT_PREFIX, httpOutput, httpVolume, huggingfaceVolume, inlineVolume } from './volumes';
export type { HttpInputVolume, HttpOutputVolume, HuggingfaceInputVolume, InlineInputVolume, InputVolume, OutputVolume } from './volumes';
export { DEFAULT_POLL_INTERVAL_MS } from './watch';
export type { StatusListener, WatchOptions } from './watch';
export { zipFiles } from './zip';
export type { FileContents } from './zip';
