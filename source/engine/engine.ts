/** The step loop: one clock, one seeded random source, one timer queue, components drained in a fixed order. */
import type { AdmissionPlugin } from '../store/admission.js';
import { defaultAdmission } from '../store/default-admission.js';
import { EventRecorder } from '../store/events.js';
import { GarbageCollector } from '../store/gc.js';
import { ApiStore } from '../store/store.js';
import { DEFAULT_EPOCH_MS, VirtualClock } from './clock.js';
import { SAFE_ALPHABET, SeededRandom } from './random.js';
import { type TimerHandle, TimerQueue } from './timers.js';

/** A simulated component (scheduler, a controller, a kubelet pool…): it does queued work when asked. */
export interface Component {
  readonly name: string;
  /** Do pending work; return true if anything was done (the loop repeats until every component is quiet). */
  runOnce(): boolean;
}

export interface EngineOptions {
  seed?: number;
  startMs?: number;
  historySize?: number;
  freeze?: boolean;
  /** Admission chain; defaults to upstream defaulting, validation and the built-in pod plugins. */
  admission?: AdmissionPlugin[];
  /** Upper bound on drain rounds at one instant before the loop reports a livelock. */
  maxRoundsPerInstant?: number;
}

export class Engine {
  readonly clock: VirtualClock;
  readonly random: SeededRandom;
  readonly timers = new TimerQueue();
  readonly store: ApiStore;
  readonly events: EventRecorder;
  readonly gc: GarbageCollector;
  readonly seed: number;
  private readonly components: Component[] = [];
  /** Components switched off (a fault: scheduler down, controller manager down). */
  private readonly stopped = new Set<string>();
  private readonly maxRounds: number;

  constructor(opts: EngineOptions = {}) {
    this.seed = opts.seed ?? 1;
    this.clock = new VirtualClock(opts.startMs ?? DEFAULT_EPOCH_MS);
    this.random = new SeededRandom(this.seed);
    this.maxRounds = opts.maxRoundsPerInstant ?? 10_000;
    this.store = new ApiStore({
      now: () => this.clock.now(),
      uid: () => this.random.uid(),
      suffix: (n) => this.random.chars(n, SAFE_ALPHABET),
    }, { historySize: opts.historySize, freeze: opts.freeze, admission: opts.admission ?? defaultAdmission() });
    this.events = new EventRecorder(this.store);
    this.gc = new GarbageCollector(this.store);
    // The collector is a component like any other, so "controller manager down" can stop it.
    this.register({ name: 'garbage-collector', runOnce: () => this.gc.collect() });
    this.every(60_000, () => this.events.expire(), 'event-ttl');
  }

  now(): number {
    return this.clock.now();
  }

  /** Add a component; components run in registration order, which is part of the determinism contract. */
  register(component: Component): void {
    if (this.components.some((c) => c.name === component.name)) throw new Error(`component "${component.name}" is already registered`);
    this.components.push(component);
  }

  /** Stop or restart a component by name (faults). A stopped component keeps its queue; it just does no work. */
  setRunning(name: string, running: boolean): void {
    if (!this.components.some((c) => c.name === name)) throw new Error(`no component named "${name}"`);
    if (running) this.stopped.delete(name);
    else this.stopped.add(name);
  }

  isRunning(name: string): boolean {
    return !this.stopped.has(name);
  }

  componentNames(): string[] {
    return this.components.map((c) => c.name);
  }

  /** Run `fn` after `delayMs` of virtual time. */
  after(delayMs: number, fn: () => void, label = 'timer'): TimerHandle {
    return this.timers.schedule(this.clock.now() + Math.max(0, delayMs), fn, label);
  }

  /** Run `fn` every `periodMs`, first after one period (or `firstDelayMs`). Returns a cancel function. */
  every(periodMs: number, fn: () => void, label = 'periodic', firstDelayMs = periodMs): () => void {
    let handle: TimerHandle;
    let cancelled = false;
    const tick = () => {
      if (cancelled) return;
      handle = this.after(periodMs, tick, label);
      fn();
    };
    handle = this.after(firstDelayMs, tick, label);
    return () => {
      cancelled = true;
      this.timers.cancel(handle);
    };
  }

  /** Move virtual time forward by `ms`, firing due timers in (time, sequence) order and settling after each. */
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new Error(`advance needs a non-negative duration, got ${ms}`);
    const target = this.clock.now() + ms;
    this.settle();
    for (;;) {
      const timer = this.timers.popDue(target);
      if (!timer) break;
      if (timer.at > this.clock.now()) this.clock.set(timer.at);
      timer.fn();
      this.settle();
    }
    this.clock.set(target);
    this.settle();
  }

  /** Advance until `predicate` holds or `maxMs` passes, checking after every timer. Returns whether it held. */
  advanceUntil(predicate: () => boolean, maxMs: number): boolean {
    const deadline = this.clock.now() + maxMs;
    this.settle();
    if (predicate()) return true;
    for (;;) {
      const timer = this.timers.popDue(deadline);
      if (!timer) break;
      if (timer.at > this.clock.now()) this.clock.set(timer.at);
      timer.fn();
      this.settle();
      if (predicate()) return true;
    }
    this.clock.set(deadline);
    this.settle();
    return predicate();
  }

  /** Drain watch events and every component's queue until all are quiet, at the current instant. */
  settle(): void {
    for (let round = 0; ; round++) {
      if (round >= this.maxRounds) {
        throw new Error(`the simulation did not settle after ${this.maxRounds} rounds at ${this.clock.timestamp()} (a component keeps producing work)`);
      }
      let busy = this.store.dispatch() > 0;
      for (const c of this.components) {
        if (this.stopped.has(c.name)) continue;
        busy = c.runOnce() || busy;
        if (this.store.hasPending) busy = true;
      }
      if (!busy && !this.store.hasPending) return;
    }
  }
}
