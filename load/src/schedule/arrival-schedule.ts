import type { Stage } from '../profile/profile.ts';

/** One stage on the clock, with the arrivals that fall into it. */
export interface ScheduledStage {
  index: number;
  startMs: number;
  durationMs: number;
  startRate: number;
  target: number;
  /** The global index of its first arrival, and how many it has. */
  firstArrival: number;
  arrivals: number;
}

/** Rounding slack so that 10 events/s for 1 s is exactly 10 arrivals, not 11. */
const SLACK = 1e-9;

/**
 * When each arrival of a ramping-arrival-rate profile is meant to start. Within a stage the rate
 * moves linearly from the previous target to the stage's target, so the number of arrivals
 * by time t is the area under the rate; arrival i is meant to start at the moment that area
 * reaches i (arrival 0 at t = 0, as k6's arrival-rate executors do). Pure arithmetic: the
 * driver asks for times, and never derives one from when an earlier request returned.
 */
export class ArrivalSchedule {
  readonly stages: readonly ScheduledStage[];
  readonly arrivals: number;
  readonly durationMs: number;
  /** Cumulative arrivals at each stage's start (fractional). */
  readonly #areaAtStart: number[];

  constructor(startRate: number, stages: readonly Stage[]) {
    const planned: ScheduledStage[] = [];
    this.#areaAtStart = [];
    let area = 0;
    let startMs = 0;
    let rate = startRate;
    for (const [index, stage] of stages.entries()) {
      const durationMs = stage.durationSeconds * 1000;
      const stageArea = ((rate + stage.target) / 2) * stage.durationSeconds;
      const first = Math.max(0, Math.ceil(area - SLACK));
      const end = Math.ceil(area + stageArea - SLACK);
      this.#areaAtStart.push(area);
      planned.push({ index, startMs, durationMs, startRate: rate, target: stage.target,
        firstArrival: first, arrivals: Math.max(0, end - first) });
      area += stageArea;
      startMs += durationMs;
      rate = stage.target;
    }
    this.stages = planned;
    this.durationMs = startMs;
    const last = planned.at(-1);
    this.arrivals = last === undefined ? 0 : last.firstArrival + last.arrivals;
  }

  /** The stage an arrival belongs to. */
  stageOf(arrival: number): ScheduledStage {
    let low = 0;
    let high = this.stages.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((this.stages[middle] as ScheduledStage).firstArrival <= arrival) low = middle;
      else high = middle - 1;
    }
    return this.stages[low] as ScheduledStage;
  }

  /** Milliseconds from the run's start at which arrival `arrival` is meant to start. */
  offsetMs(arrival: number): number {
    if (!Number.isInteger(arrival) || arrival < 0 || arrival >= this.arrivals) {
      throw new RangeError(`arrival ${arrival} is outside 0..${this.arrivals - 1}`);
    }
    const stage = this.stageOf(arrival);
    const within = arrival - (this.#areaAtStart[stage.index] as number);
    if (within <= 0) return stage.startMs;
    const seconds = stage.durationMs / 1000;
    const slope = (stage.target - stage.startRate) / seconds;
    // Solves startRate·t + slope·t²/2 = within for t; this form stays exact when slope is 0
    // and when the stage starts from rate 0.
    const root = Math.sqrt(Math.max(0, stage.startRate ** 2 + 2 * slope * within));
    const t = (2 * within) / (stage.startRate + root);
    return stage.startMs + Math.min(t * 1000, stage.durationMs);
  }

  /** The rate the profile asks for at `ms` from the start (for the progress line). */
  rateAt(ms: number): number {
    const stage = this.stages.find((s) => ms < s.startMs + s.durationMs) ?? this.stages.at(-1);
    if (stage === undefined) return 0;
    const progress = Math.min(1, Math.max(0, (ms - stage.startMs) / stage.durationMs));
    return stage.startRate + (stage.target - stage.startRate) * progress;
  }
}
