import type { DockerHost } from './hosts-file';

/**
 * Which Docker host runs the next executor of a class: round-robin over the hosts of the class that
 * have a free place (fewer running executors than their `count`).
 */
export class HostRoster {
  private readonly running = new Map<string, number>();
  private readonly lastUsed = new Map<string, string>();

  /** Takes a place on the next free host of `executorClass`, or returns undefined when all are full. */
  acquire(hosts: readonly DockerHost[], executorClass: string): DockerHost | undefined {
    const candidates = hosts.filter((host) => host.executor_class === executorClass);
    const last = this.lastUsed.get(executorClass);
    const first = last === undefined ? 0 : candidates.findIndex((host) => host.name === last) + 1;
    for (let i = 0; i < candidates.length; i += 1) {
      const host = candidates[(first + i) % candidates.length] as DockerHost;
      if (this.runningOn(host.name) < host.count) {
        this.running.set(host.name, this.runningOn(host.name) + 1);
        this.lastUsed.set(executorClass, host.name);
        return host;
      }
    }
    return undefined;
  }

  /** Gives back a place taken by `acquire`. */
  release(hostName: string): void {
    const left = this.runningOn(hostName) - 1;
    if (left > 0) this.running.set(hostName, left);
    else this.running.delete(hostName);
  }

  runningOn(hostName: string): number {
    return this.running.get(hostName) ?? 0;
  }
}
