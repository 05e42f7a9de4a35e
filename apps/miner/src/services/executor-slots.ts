import type { ExecutorPool } from '../executor-managers/pool';

/**
 * What the job channels need from the executor pool: reserve a slot and start an executor in it,
 * release or kill it when the job ends, and the manifest to advertise. Narrowed from ExecutorPool
 * so that the channels depend on these calls only (busyCount feeds the executor gauges).
 */
export type ExecutorSlots = Pick<ExecutorPool, 'reserve' | 'release' | 'kill' | 'manifest' | 'publicAddress' | 'busyCount'>;
