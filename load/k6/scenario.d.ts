// Types of scenario.js for the project's TypeScript tests; k6 itself does not read this file.
import type { LoadProfile } from '../src/profile/profile.ts';

export interface K6Stage {
  duration: string;
  target: number;
}

export interface K6Scenario {
  executor: 'ramping-arrival-rate';
  startRate: number;
  timeUnit: '1s' | '1m';
  stages: K6Stage[];
  preAllocatedVUs: number;
  maxVUs: number;
  gracefulStop: string;
}

export function plannedArrivals(profile: LoadProfile, durationScale?: number): number;
export function buildScenario(profile: LoadProfile, durationScale?: number): K6Scenario;
export function buildThresholds(profile: LoadProfile,
  durationScale?: number): Record<string, string[]>;
export function buildOptions(profile: LoadProfile, durationScale?: number): {
  scenarios: { publish: K6Scenario };
  thresholds: Record<string, string[]>;
};
export function pickWeighted<T extends { weight: number }>(items: readonly T[], random: number): T;
export function buildPayload(sentAt: number, seq: number, bytes: number): string;
