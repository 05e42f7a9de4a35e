/**
 * The miner ↔ executor channel (`/v0.1/executor_interface/<executor_token>`): one discriminated
 * union per direction. Every message here is shared with the validator channel.
 */
import { z } from 'zod';
import { GenericError } from './common-messages';
import { V0HordeFailedRequest, V0JobFailedRequest } from './job-failures';
import {
  V0ExecutionDoneRequest,
  V0ExecutorFailedRequest,
  V0ExecutorReadyRequest,
  V0JobFinishedRequest,
  V0MachineSpecsRequest,
  V0StreamingJobNotReadyRequest,
  V0StreamingJobReadyRequest,
  V0VolumesReadyRequest,
} from './job-progress';
import { V0InitialJobRequest, V0JobRequest } from './job-requests';

export const MinerToExecutorMessage = z.discriminatedUnion('message_type', [GenericError, V0InitialJobRequest, V0JobRequest]);
export type MinerToExecutorMessage = z.infer<typeof MinerToExecutorMessage>;

/** What an executor reports about its job; the miner relays each of these to the validator unchanged. */
export const EXECUTOR_REPORTS = [
  V0ExecutorReadyRequest,
  V0VolumesReadyRequest,
  V0StreamingJobReadyRequest,
  V0ExecutionDoneRequest,
  V0MachineSpecsRequest,
  V0JobFinishedRequest,
  V0JobFailedRequest,
  V0HordeFailedRequest,
  V0ExecutorFailedRequest,
  V0StreamingJobNotReadyRequest,
] as const;

export const ExecutorToMinerMessage = z.discriminatedUnion('message_type', [GenericError, ...EXECUTOR_REPORTS]);
export type ExecutorToMinerMessage = z.infer<typeof ExecutorToMinerMessage>;
