/**
 * The UI's simulation clock: wall time mapped to virtual time at the chosen speed (the one place a surface drives
 * time). Speeds step through 1x–300x with `>` / `<`, pause and resume keep the last speed, `.` steps while
 * paused. A simulation error pauses the clock instead of taking the UI down.
 */
import type { SimulationControls } from '../client/cluster-client.js';

/** Speed steps for `>` / `<` (0 = paused). */
export const SPEEDS = [0, 1, 2, 5, 10, 30, 60, 300];
/** `.` while paused: one step of virtual time. */
export const STEP_MS = 1_000;
/** Most wall time one tick turns into virtual time (after a stall, don't jump minutes at 300x). */
const MAX_TICK_WALL_MS = 1_000;

/** What a clock operation has to tell the operator (the flash line). */
export interface ClockNotice {
  text: string;
  level: 'info' | 'warn' | 'error';
}

export class SimClock {
  private lastWall: number;
  private pausedSpeed = 1;
  /** Fraction of a virtual millisecond not yet advanced (virtual time moves in whole milliseconds). */
  private carryMs = 0;

  constructor(private readonly controls: SimulationControls, private readonly wallNow: () => number) {
    this.lastWall = wallNow();
  }

  get speed(): number {
    return this.controls.speed();
  }

  get paused(): boolean {
    return this.controls.speed() <= 0;
  }

  setSpeed(factor: number): ClockNotice {
    this.controls.setSpeed(factor);
    this.lastWall = this.wallNow();
    return { text: factor > 0 ? `speed ${factor}x` : 'paused', level: 'info' };
  }

  /** `>` / `<`: the next speed step up or down (from any speed, even one not in the list). */
  speedStep(dir: 1 | -1): ClockNotice {
    const cur = this.controls.speed();
    let i = SPEEDS.findIndex((s) => s >= cur);
    if (i < 0) i = SPEEDS.length - 1;
    if (SPEEDS[i] !== cur && dir < 0) i--;
    else i += dir;
    return this.setSpeed(SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, i))]!);
  }

  togglePause(): ClockNotice {
    const cur = this.controls.speed();
    if (cur > 0) {
      this.pausedSpeed = cur;
      return this.setSpeed(0);
    }
    return this.setSpeed(this.pausedSpeed || 1);
  }

  /** `.`: one step of virtual time, only while paused. */
  step(): ClockNotice | undefined {
    if (!this.paused) return { text: '`.` steps while paused (ctrl-p pauses)', level: 'warn' };
    return this.advance(STEP_MS);
  }

  /** Advance by the wall time since the last tick × speed; returns a notice if the simulation failed. */
  tick(): ClockNotice | undefined {
    const wall = this.wallNow();
    const elapsed = Math.min(MAX_TICK_WALL_MS, Math.max(0, wall - this.lastWall));
    this.lastWall = wall;
    const speed = this.controls.speed();
    if (speed <= 0 || elapsed <= 0) return undefined;
    const due = elapsed * speed + this.carryMs;
    const ms = Math.floor(due);
    this.carryMs = due - ms;
    return ms > 0 ? this.advance(ms) : undefined;
  }

  private advance(ms: number): ClockNotice | undefined {
    try {
      this.controls.advance(ms);
      return undefined;
    } catch (err) {
      this.controls.setSpeed(0);
      return { text: `simulation error (paused): ${err instanceof Error ? err.message : String(err)}`, level: 'error' };
    }
  }
}
