/** Witnesses for network-isolation tests: a counting UDP listener and the host's docker bridge address. */
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import type Docker from 'dockerode';

export interface UdpListener {
  readonly port: number;
  /** Datagrams received so far: any is a leak from a networkless container. */
  readonly datagrams: number;
  close(): Promise<void>;
}

export async function startUdpListener(host: string): Promise<UdpListener> {
  const socket = createSocket('udp4');
  let datagrams = 0;
  socket.on('message', () => datagrams++);
  socket.bind(0, host);
  await once(socket, 'listening');
  return {
    port: socket.address().port,
    get datagrams() {
      return datagrams;
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/**
 * The host's address on docker's default bridge: the address a container on that network would use
 * to reach the host. `Gateway` when the engine reports it, else the subnet's first address.
 */
export async function bridgeGateway(docker: Docker): Promise<string> {
  const info = (await docker.getNetwork('bridge').inspect()) as { IPAM?: { Config?: Array<{ Subnet?: string; Gateway?: string }> } };
  const config = info.IPAM?.Config?.find((c) => c.Subnet?.includes('.'));
  if (config?.Gateway) return config.Gateway;
  if (!config?.Subnet) throw new Error('docker bridge network has no IPv4 subnet');
  const [base] = config.Subnet.split('/');
  const parts = (base ?? '').split('.').map(Number);
  parts[3] = (parts[3] ?? 0) + 1;
  return parts.join('.');
}
