/** A JSON-RPC error answer: a method the devchain does not serve, bad params, a refused extrinsic. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** JSON-RPC `data` (substrate puts the reason of a pool rejection there). */
    readonly data?: string,
  ) {
    super(message);
  }
}
