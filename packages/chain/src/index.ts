/** @horde/chain: the subtensor client (issue 5). */
export { chainErrors } from './errors';
export type { ChainErrorCode } from './errors';
export { createChainClient } from './client/chain-client';
export type { ChainClient, ChainClientOptions, ValidatorFilter } from './client/chain-client';
export { ENDPOINTS, resolveEndpoint } from './client/endpoint';
export type { Endpoint } from './client/endpoint';
export { SUBTENSOR_SIGNED_EXTENSIONS } from './client/connect';
export type { ProviderInterface } from './client/connect';
export { DEFAULT_RETRY } from './client/retry';
export type { RetryPolicy } from './client/retry';
export { callRuntimeApi, findRuntimeApi } from './client/runtime-api';
export type { RuntimeApiMethod } from './client/runtime-api';
export { decodeIp } from './metagraph/ip';
export { RAO_PER_TAO, raoToTao } from './metagraph/types';
export type { Axon, Hyperparameters, Metagraph, Neuron } from './metagraph/types';
