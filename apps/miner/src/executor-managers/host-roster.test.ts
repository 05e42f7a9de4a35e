import { describe, expect, it } from 'vitest';
import { HostRoster } from './host-roster';
import type { DockerHost } from './hosts-file';

const local = (name: string, executorClass: string, count = 1): DockerHost => ({ name, mode: 'local', executor_class: executorClass, count });

describe('HostRoster', () => {
  it('goes round-robin over the free hosts of a class', () => {
    const hosts = [local('a', 'x', 2), local('b', 'x'), local('c', 'y'), local('d', 'x')];
    const roster = new HostRoster();
    const take = () => roster.acquire(hosts, 'x')?.name;
    expect([take(), take(), take(), take()]).toEqual(['a', 'b', 'd', 'a']);
    expect(take()).toBeUndefined();
    roster.release('b');
    expect(take()).toBe('b');
    expect(roster.acquire(hosts, 'y')?.name).toBe('c');
    expect(roster.acquire(hosts, 'z')).toBeUndefined();
  });

  it('continues after the last used host, not from the first', () => {
    const hosts = [local('a', 'x'), local('b', 'x'), local('c', 'x')];
    const roster = new HostRoster();
    expect(roster.acquire(hosts, 'x')?.name).toBe('a');
    roster.release('a');
    expect(roster.acquire(hosts, 'x')?.name).toBe('b');
    roster.release('b');
    expect(roster.acquire(hosts, 'x')?.name).toBe('c');
    roster.release('c');
    expect(roster.acquire(hosts, 'x')?.name).toBe('a');
    expect(roster.runningOn('a')).toBe(1);
  });
});
