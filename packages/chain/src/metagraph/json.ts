/** zod pieces for polkadot-js `toJSON` output of subtensor runtime-API answers. */
import { z } from 'zod';

/** An integer as polkadot-js prints it: a number when it fits in 53 bits, hex otherwise. */
export const Int = z.union([z.number().int().nonnegative(), z.string().regex(/^0x[0-9a-fA-F]+$/)]).transform((v) => BigInt(v));

/** A small integer (u8..u32, or a u64 block number) as a JS number. */
export const Small = Int.transform((v) => Number(v));

export const AccountId = z.string().min(1);

/** `AxonInfo` (block, version, ip u128, port, ip_type, protocol, placeholders). */
export const AxonInfo = z.object({
  block: Small,
  version: Small,
  ip: Int,
  port: Small,
  ipType: Small,
  protocol: Small,
});
export type AxonInfo = z.infer<typeof AxonInfo>;
