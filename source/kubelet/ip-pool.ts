/**
 * Pod IP allocation from a node's podCIDR, as the host-local IPAM plugin does it: addresses are handed out
 * round-robin after the last one reserved (so a replaced pod gets a fresh IP), skipping the network address,
 * the gateway (.1 of the range, the bridge) and the broadcast address.
 */

/** Parse `a.b.c.d` to a 32-bit unsigned number, or undefined. */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

/** A 32-bit number as `a.b.c.d`. */
export function formatIPv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** containerd's default bridge network, used when a node has no podCIDR. */
export const FALLBACK_POD_CIDR = '10.88.0.0/16';

/** The pod IPs of one node's podCIDR. */
export class IpPool {
  /** First and last assignable addresses. */
  readonly first: number;
  readonly last: number;
  private readonly used = new Set<number>();
  private cursor: number;

  constructor(readonly cidr: string) {
    const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(cidr.trim());
    const base = m ? parseIPv4(m[1]!) : undefined;
    const bits = m ? Number(m[2]) : NaN;
    if (base === undefined || !(bits >= 8 && bits <= 30)) throw new Error(`invalid podCIDR "${cidr}": expected an IPv4 CIDR such as 10.244.1.0/24`);
    const size = 2 ** (32 - bits);
    const network = base - (base % size);
    this.first = network + 2; // .0 is the network, .1 the bridge gateway
    this.last = network + size - 2; // the top address is broadcast
    this.cursor = this.first - 1;
  }

  get capacity(): number {
    return this.last - this.first + 1;
  }

  get size(): number {
    return this.used.size;
  }

  /** The range as host-local prints it in its exhaustion error: `10.244.1.1-10.244.1.254`. */
  rangeText(): string {
    return `${formatIPv4(this.first - 1)}-${formatIPv4(this.last)}`;
  }

  /** Reserve the next free address after the last one handed out, or undefined when the range is full. */
  allocate(): string | undefined {
    if (this.used.size >= this.capacity) return undefined;
    let ip = this.cursor;
    for (let i = 0; i < this.capacity; i++) {
      ip = ip >= this.last ? this.first : ip + 1;
      if (!this.used.has(ip)) {
        this.used.add(ip);
        this.cursor = ip;
        return formatIPv4(ip);
      }
    }
    return undefined;
  }

  release(ip: string | undefined): void {
    if (!ip) return;
    const n = parseIPv4(ip);
    if (n !== undefined) this.used.delete(n);
  }
}
