/**
 * Bugs the fuzzers found that are not fixed yet (see found-bugs.test.ts for each one's failing test). The fuzz
 * properties leave out problems matching a bug here *while its probe still reproduces it*, so they keep looking for
 * new bugs meanwhile, and become strict again by themselves once the bug is fixed. Delete an entry once it is fixed.
 */
import { ApiError } from '../../source/api/errors.js';
import { loadManifestText } from '../../source/api/manifest.js';
import type { KubeObject } from '../../source/api/meta.js';
import { testEngine } from '../helpers.js';

interface KnownBug {
  /** The found-bugs.test.ts test that fails while the bug is there. */
  test: string;
  /** The fuzz problems it causes. */
  problems: RegExp;
  /** Whether the bug still reproduces. */
  reproduces: () => boolean;
  /** Only LONG_SCALE inputs reach it (its probe is slow, or the test suite's inputs are too small to hit it). */
  longOnly?: boolean;
}

/** What `fn` throws: undefined if nothing, else the error. */
const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err ?? 'thrown';
  }
};

const configMapNamed = (name: unknown) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } }) as unknown as KubeObject;

const KNOWN_BUGS: KnownBug[] = [
  {
    test: 'store: a metadata.name or metadata.namespace that is an object is refused with an ApiError naming the field',
    problems: /Cannot convert object to primitive value|"\[object Object\]"|Maximum call stack size exceeded\n\s+at Array\.join/,
    reproduces: () => {
      const store = testEngine().store;
      const crash = thrown(() => store.create(configMapNamed({ toString: 0 })));
      const named = thrown(() => store.create(configMapNamed({})));
      return !(crash instanceof ApiError) || (named instanceof ApiError && named.message.includes('[object Object]'));
    },
  },
  {
    test: 'garbage collector: deleting it with propagationPolicy Orphan completes and the step loop keeps running',
    problems: /settle threw .*nesting deeper than/,
    reproduces: () => {
      const engine = testEngine();
      let junk: unknown = 'x';
      for (let i = 0; i < 150; i++) junk = { a: junk };
      // Fixed by refusing objects deeper than the patch limit at create: a refusal means the bug is gone.
      if (thrown(() => engine.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deep' }, junk } as KubeObject))) return false;
      engine.store.delete('ConfigMap', 'default', 'deep', { propagationPolicy: 'Orphan' });
      return thrown(() => engine.settle()) !== undefined;
    },
  },
  {
    test: 'manifest loader: !!omap / !!set: the ConfigMap is refused or loads as plain data',
    problems: /loaded object is not JSON data at .*foreign prototype \((Map|Set)\)/,
    reproduces: () => loadManifestText('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: !!omap\n  - a: b\n', 'x.yaml')
      .objects.some(({ object }) => object.data instanceof Map),
  },
  {
    test: 'field errors: a ResourceQuota whose spec.hard.pods nests 5,000 levels is Invalid, not a RangeError',
    problems: /Maximum call stack size exceeded\n\s+at JSON\.stringify \(<anonymous>\)\n\s+at printValue/,
    longOnly: true,
    reproduces: () => {
      let pods: unknown = 'x';
      for (let i = 0; i < 5_000; i++) pods = [pods];
      const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { pods } } } as KubeObject;
      return !(thrown(() => testEngine().store.create(quota)) instanceof ApiError);
    },
  },
  {
    test: 'manifest loader: answers 130,000 tiny invalid documents with errors (all, or capped), without throwing',
    problems: /^threw RangeError: Maximum call stack size exceeded/,
    longOnly: true,
    reproduces: () => thrown(() => loadManifestText('x\n---\n'.repeat(130_000), 'many.yaml')) !== undefined,
  },
];

/**
 * One pattern for the problems of the known bugs that still reproduce, or undefined when none does. `long` includes
 * the bugs only LONG_SCALE inputs reach (bench/fuzz.ts).
 */
export function knownBugProblems(long = false): RegExp | undefined {
  const live = KNOWN_BUGS.filter((b) => (long || !b.longOnly) && b.reproduces());
  return live.length ? new RegExp(live.map((b) => b.problems.source).join('|')) : undefined;
}
