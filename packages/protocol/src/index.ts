/**
 * @horde/protocol: zod schemas and types for every ComputeHorde wire message and model, named as
 * the Python reference names them, plus the frame codec and the error catalogs. Pure: no I/O.
 */
export * from './errors';
export * from './errors-protocol';
export * from './enums';
export * from './json-value';
export * from './json-text';
export * from './volumes';
export * from './output-uploads';
export * from './executor-classes';
export * from './manifest-commitment';
export * from './receipts';
export * from './receipt-fields';
export * from './machine-specs';
export * from './streaming';
export * from './common-messages';
export * from './job-requests';
export * from './job-progress';
export * from './job-failures';
export * from './validator-miner';
export * from './miner-executor';
export * from './facilitator-status';
export * from './facilitator';
export * from './codec';
