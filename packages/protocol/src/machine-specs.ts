/**
 * Hardware specs an executor reports (`V0MachineSpecsRequest.specs`; reference `MachineSpecs`,
 * i.e. `{specs: dict}`). The reference executor fills `specs` with
 * `{gpu: {count, details: [{name, driver, capacity, cuda, power_limit, graphics_speed,
 * memory_speed, uuid, serial}]}, cpu: {count, model, clocks}, ram: {available, free, total, used},
 * hard_disk: {total, used, free}, os}` (sizes in KiB). What an executor can measure varies, so it
 * is read leniently as any JSON object.
 */
import { z } from 'zod';
import { JsonValue } from './json-value';

export const MachineSpecs = z.object({
  specs: z.record(z.string(), JsonValue),
});
export type MachineSpecs = z.infer<typeof MachineSpecs>;
