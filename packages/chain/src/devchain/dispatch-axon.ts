/** `SubtensorModule.serve_axon` (subnets/serving.rs): registration, IP/port validation, serving rate limit. */
import { decodeIp } from '../metagraph/ip';
import { big, moduleFailure, num, subtensorEvent } from './dispatch-context';
import type { CallHandler } from './dispatch-context';

const fail = (name: string) => moduleFailure('SubtensorModule', name);
const LOCALHOST_V4 = 0x7f000001n;
const U32_MAX = 0xffffffffn;
const U128_MAX = (1n << 128n) - 1n;

/** subtensor `is_valid_ip_address`: 0.0.0.0 is allowed for axons, loopback and the all-ones values are not. */
function validIp(ipType: number, ip: bigint): boolean {
  if (ipType === 4) return ip < U32_MAX && ip !== LOCALHOST_V4;
  return ip !== U128_MAX && ip !== 1n;
}

export const serveAxon: CallHandler = (ctx, args) => {
  const { state, block, signer } = ctx;
  const uid = state.uidOf(signer);
  if (num(args['netuid']) !== state.subnet.netuid || uid === undefined) return fail('HotKeyNotRegisteredInNetwork');
  const ipType = num(args['ip_type']);
  const ip = big(args['ip']);
  const port = num(args['port']);
  if (ipType !== 4 && ipType !== 6) return fail('InvalidIpType');
  if (!validIp(ipType, ip)) return fail('InvalidIpAddress');
  if (port === 0) return fail('InvalidPort');
  const neuron = state.subnet.neurons[uid];
  if (!neuron) return fail('HotKeyNotRegisteredInNetwork');
  const previous = neuron.axon?.block ?? 0;
  const limit = state.subnet.hyperparameters.serving_rate_limit;
  if (limit > 0 && previous > 0 && block - previous < limit) return fail('ServingRateLimitExceeded');
  neuron.axon = { ip: decodeIp(ip, ipType), port, protocol: num(args['protocol']), version: num(args['version']), block };
  ctx.emit(subtensorEvent('AxonServed', state.subnet.netuid, signer));
  return undefined;
};
