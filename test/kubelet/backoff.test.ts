import { describe, expect, it } from 'vitest';
import { type BackoffEntry, inBackOffSince, inBackOffSinceUpdate, nextBackoff } from '../../source/kubelet/backoff.js';
import { IpPool } from '../../source/kubelet/ip-pool.js';

describe('kubelet back-off', () => {
  it('doubles from 10 s to a 300 s cap', () => {
    let e: BackoffEntry | undefined;
    const seen: number[] = [];
    let t = 0;
    for (let i = 0; i < 8; i++) {
      e = nextBackoff(e, t, t);
      seen.push(e.backoffMs / 1000);
      t += e.backoffMs + 5_000;
    }
    expect(seen).toEqual([10, 20, 40, 80, 160, 300, 300, 300]);
  });

  it('judges "in back-off" from the exit time, and forgets after 10 minutes', () => {
    const e = nextBackoff(undefined, 0, 0);
    expect(inBackOffSince(e, 5_000, 5_000)).toBe(true);
    expect(inBackOffSince(e, 5_000, 14_999)).toBe(true);
    expect(inBackOffSince(e, 5_000, 15_000)).toBe(false);
    expect(inBackOffSince(undefined, 0, 0)).toBe(false);
    // An exit more than 2 × 300 s after the last update starts over at 10 s.
    expect(inBackOffSince(e, 600_001, 600_001)).toBe(false);
    expect(nextBackoff({ backoffMs: 300_000, lastUpdate: 0 }, 600_001, 600_001).backoffMs).toBe(10_000);
    expect(nextBackoff({ backoffMs: 300_000, lastUpdate: 0 }, 600_000, 600_000).backoffMs).toBe(300_000);
    expect(inBackOffSinceUpdate(e, 9_999)).toBe(true);
    expect(inBackOffSinceUpdate(e, 10_000)).toBe(false);
  });
});

describe('pod IP allocation', () => {
  it('hands out addresses round-robin from .2, skipping network, gateway and broadcast', () => {
    const pool = new IpPool('10.244.1.0/24');
    expect(pool.allocate()).toBe('10.244.1.2');
    expect(pool.allocate()).toBe('10.244.1.3');
    pool.release('10.244.1.2');
    expect(pool.allocate()).toBe('10.244.1.4'); // host-local continues after the last reserved address
    expect(pool.capacity).toBe(253);
    expect(pool.rangeText()).toBe('10.244.1.1-10.244.1.254');
  });

  it('wraps around and reports exhaustion', () => {
    const pool = new IpPool('10.0.0.0/30');
    expect(pool.allocate()).toBe('10.0.0.2');
    expect(pool.allocate()).toBeUndefined();
    pool.release('10.0.0.2');
    expect(pool.allocate()).toBe('10.0.0.2');
  });

  it('rejects a bad CIDR with a clear error', () => {
    expect(() => new IpPool('10.0.0.0')).toThrow('invalid podCIDR "10.0.0.0"');
    expect(() => new IpPool('300.0.0.0/24')).toThrow('invalid podCIDR');
  });
});
