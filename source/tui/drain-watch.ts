/** Drains underway: each new kubectl line goes to the flash line; a failed drain says so. */
import type { DrainHandle } from '../client/cluster-client.js';
import type { FlashLevel } from './views/context.js';

export class DrainWatch {
  private readonly drains: { node: string; handle: DrainHandle; seen: number }[] = [];

  get size(): number {
    return this.drains.length;
  }

  add(node: string, handle: DrainHandle): void {
    this.drains.push({ node, handle, seen: 0 });
  }

  /** Report lines printed since the last poll; forget drains that ended. */
  poll(flash: (text: string, level: FlashLevel) => void): void {
    for (let i = this.drains.length - 1; i >= 0; i--) {
      const d = this.drains[i]!;
      const lines = d.handle.lines;
      if (lines.length > d.seen) {
        d.seen = lines.length;
        flash(lines[lines.length - 1]!, d.handle.state === 'failed' ? 'error' : 'info');
      }
      if (d.handle.state !== 'running') {
        if (d.handle.state === 'failed') flash(`drain ${d.node} failed: ${lines[lines.length - 1] ?? ''}`, 'error');
        this.drains.splice(i, 1);
      }
    }
  }
}
