/** @horde/chain: the subtensor client (issue 5). */
export {};
