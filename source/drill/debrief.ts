/**
 * The debrief timeline: what happened during a drill, in drill-clock order — timeline steps and messages, faults
 * injected and reverted, the trainee's and the script's actions, objectives met or failed, and the Kubernetes
 * events worth reading (every Warning, node and workload events, the chaos component's FaultInjected/Reverted).
 * Events are collected from a watch, as they are recorded, so none is lost to the events' TTL.
 */
import type { Event } from '../api/core.js';
import type { Simulation } from '../cluster/simulation.js';
import type { Watch } from '../store/watch.js';

/** One line of the debrief. */
export interface TimelineEntry {
  atMs: number;
  kind: 'step' | 'message' | 'fault' | 'fault-end' | 'traffic' | 'action' | 'objective' | 'event';
  text: string;
}

/** Events kept at most (a runaway crash loop must not flood the debrief). */
export const MAX_EVENTS = 500;

/** Involved kinds whose Normal events tell the story (Warnings are always kept). */
const STORY_KINDS = new Set(['Node', 'Deployment', 'StatefulSet', 'DaemonSet', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service']);

/** Collects notable events from the moment it is created. */
export class EventCollector {
  readonly entries: TimelineEntry[] = [];
  dropped = 0;
  private readonly watch: Watch;

  constructor(sim: Simulation, private readonly clock: () => number) {
    this.watch = sim.store.watch({ kind: 'Event' }, (e) => {
      if (e.type !== 'ADDED') return;
      const ev = e.object as Event;
      const at = this.clock();
      // The warm-up's start-up noise (probes failing while containers start) is not part of the story.
      if (at < 0 || !notable(ev)) return;
      if (this.entries.length >= MAX_EVENTS) {
        this.dropped++;
        return;
      }
      const obj = ev.involvedObject;
      const who = `${obj.kind?.toLowerCase()}/${obj.name}`;
      this.entries.push({ atMs: at, kind: 'event', text: `${ev.type} ${ev.reason} ${who}: ${ev.message ?? ''}`.trimEnd() });
    }, { sendInitialEvents: false });
  }

  stop(): void {
    this.watch.stop();
  }
}

function notable(ev: Event): boolean {
  if (ev.type === 'Warning') return true;
  if (ev.source?.component === 'kubedrill-chaos') return true;
  return STORY_KINDS.has(ev.involvedObject?.kind ?? '');
}

const ORDER: Record<TimelineEntry['kind'], number> = { step: 0, fault: 1, traffic: 2, message: 3, action: 4, 'fault-end': 5, event: 6, objective: 7 };

/** Merge entries into one timeline, by time, then by kind (a step before its effects), then as recorded. */
export function mergeTimeline(...lists: TimelineEntry[][]): TimelineEntry[] {
  const all = lists.flat().map((e, i) => ({ e, i }));
  all.sort((a, b) => a.e.atMs - b.e.atMs || ORDER[a.e.kind] - ORDER[b.e.kind] || a.i - b.i);
  return all.map((x) => x.e);
}

/** `mm:ss` (or `h:mm:ss`) of drill time; negative times (the warm-up) get a minus sign. */
export function clockText(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
  const mm = String(m).padStart(2, '0'), ss = String(s).padStart(2, '0');
  return h ? `${sign}${h}:${mm}:${ss}` : `${sign}${mm}:${ss}`;
}
