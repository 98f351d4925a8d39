/** topologyToMatchedTermCount: (topology key, value) → count, with zero entries dropped as upstream does. */

/** Counts per topology pair, nested by key so lookups never build strings. */
export class TopologyCounts {
  private readonly m = new Map<string, Map<string, number>>();
  /** Number of pairs with a non-zero count (upstream's len(map)). */
  size = 0;

  /** Add `delta` to the node's pair for `key`; nodes without the label are ignored. */
  addForNode(labels: Readonly<Record<string, string>>, key: string, delta: number): void {
    const v = labels[key];
    if (v !== undefined) this.add(key, v, delta);
  }

  add(key: string, value: string, delta: number): void {
    let values = this.m.get(key);
    if (!values) this.m.set(key, (values = new Map()));
    const before = values.get(value) ?? 0;
    const after = before + delta;
    if (after === 0) {
      if (before !== 0) { values.delete(value); this.size--; }
    } else {
      if (before === 0) this.size++;
      values.set(value, after);
    }
  }

  get(key: string, value: string): number {
    return this.m.get(key)?.get(value) ?? 0;
  }

  /** Whether any of the node's labels has a positive count (satisfyExistingPodsAntiAffinity). */
  anyPositiveFor(labels: Readonly<Record<string, string>>): boolean {
    for (const [key, values] of this.m) {
      const v = labels[key];
      if (v !== undefined && (values.get(v) ?? 0) > 0) return true;
    }
    return false;
  }

  /** Σ counts over the node's labels (InterPodAffinity scoring). */
  sumFor(labels: Readonly<Record<string, string>>): number {
    let sum = 0;
    for (const [key, values] of this.m) {
      const v = labels[key];
      if (v !== undefined) sum += values.get(v) ?? 0;
    }
    return sum;
  }

  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (const [k, values] of this.m) c.m.set(k, new Map(values));
    c.size = this.size;
    return c;
  }
}
