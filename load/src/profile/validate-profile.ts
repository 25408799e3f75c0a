import { FieldReader } from './field-reader.ts';
import { ProfileError, type ProfileProblem } from './profile-error.ts';
import {
  PERCENTILE_KEYS, type EventTypeMix, type LoadProfile, type LoadReceiverBehaviour,
  type PercentileLimits, type ReceiverShare, type Stage, type Thresholds, type WeightedSize,
  type WeightedTenant,
} from './profile.ts';

const MAX_RATE = 100_000;
const DAY_SECONDS = 86_400;
/** The api's own limit on event types (docs/api.md). */
const EVENT_TYPE = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
/** Tenant ids allow these characters; the run id suffix needs room in the 128 allowed. */
const TENANT_NAME = /^[A-Za-z0-9._:-]{1,64}$/;
const PROFILE_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Shares and the duration sum are compared with this slack for decimal fractions. */
const EPSILON = 1e-6;

/**
 * Checks parsed JSON against the profile format and returns the profile with its defaults
 * filled in, or throws a ProfileError listing every problem with its field and stable code.
 */
export function validateProfile(json: unknown, source: string): LoadProfile {
  const problems: ProfileProblem[] = [];
  const profile = readProfile(json, problems);
  if (profile === undefined || problems.length > 0) throw new ProfileError(source, problems);
  return profile;
}

function readProfile(json: unknown, problems: ProfileProblem[]): LoadProfile | undefined {
  const root = FieldReader.of(json, '', problems);
  if (root === undefined) return undefined;
  const profile: LoadProfile = {
    name: root.string('name', PROFILE_NAME, 'lower-case letters, digits and -, at most 64'),
    description: root.string('description', /^[^\n]{0,500}$/, 'one line of at most 500', ''),
    startRate: root.number('startRate', { min: 0, max: MAX_RATE }),
    stages: root.array('stages', 100).map(({ value, path }) => readStage(value, path, problems)),
    durationSeconds: root.number('durationSeconds',
      { min: 0, max: 7 * DAY_SECONDS, exclusiveMin: true }),
    maxOutstanding: root.number('maxOutstanding', { min: 1, max: 100_000, integer: true }),
    requestTimeoutSeconds: root.number('requestTimeoutSeconds',
      { min: 0, max: 600, exclusiveMin: true }, 10),
    drainTimeoutSeconds: root.number('drainTimeoutSeconds',
      { min: 0, max: 3600, exclusiveMin: true }, 30),
    stopOnBreach: root.boolean('stopOnBreach', false),
    seed: root.number('seed', { min: 0, max: 2 ** 32 - 1, integer: true }, 1),
    payloadBytes: root.array('payloadBytes', 20)
      .map(({ value, path }) => readSize(value, path, problems)),
    tenants: root.array('tenants', 100).map(({ value, path }) => readTenant(value, path, problems)),
    endpointsPerTenant: root.number('endpointsPerTenant', { min: 1, max: 50, integer: true }),
    eventTypes: root.array('eventTypes', 50)
      .map(({ value, path }) => readEventType(value, path, problems)),
    receivers: root.array('receivers', 20)
      .map(({ value, path }) => readReceiverShare(value, path, problems)),
    thresholds: readThresholds(root.raw('thresholds', true), 'thresholds', problems),
  };
  root.refuseUnknown();
  checkDuration(profile, problems);
  checkUnique(profile.tenants.map((t) => t.name), 'tenants', problems);
  checkUnique(profile.eventTypes.map((t) => t.type), 'eventTypes', problems);
  profile.eventTypes.forEach((eventType, index) => {
    if (eventType.fanOut > profile.endpointsPerTenant) {
      problems.push({ code: 'LOAD_PROFILE_FANOUT_TOO_LARGE', field: `eventTypes[${index}].fanOut`,
        message: `is ${eventType.fanOut}, more than endpointsPerTenant `
          + `(${profile.endpointsPerTenant})` });
    }
  });
  const shares = profile.receivers.reduce((sum, r) => sum + r.share, 0);
  if (profile.receivers.length > 0 && Number.isFinite(shares) && Math.abs(shares - 1) > EPSILON) {
    problems.push({ code: 'LOAD_PROFILE_SHARES_NOT_ONE', field: 'receivers',
      message: `the shares must add up to 1 (they add up to ${shares})` });
  }
  return profile;
}

function readStage(value: unknown, path: string, problems: ProfileProblem[]): Stage {
  const reader = FieldReader.of(value, path, problems);
  if (reader === undefined) return { durationSeconds: Number.NaN, target: Number.NaN };
  const stage = {
    durationSeconds: reader.number('durationSeconds',
      { min: 0, max: 7 * DAY_SECONDS, exclusiveMin: true }),
    target: reader.number('target', { min: 0, max: MAX_RATE }),
  };
  reader.refuseUnknown();
  return stage;
}

function checkDuration(profile: LoadProfile, problems: ProfileProblem[]): void {
  const sum = profile.stages.reduce((total, stage) => total + stage.durationSeconds, 0);
  if (Number.isFinite(sum) && Number.isFinite(profile.durationSeconds)
    && Math.abs(sum - profile.durationSeconds) > EPSILON * Math.max(1, sum)) {
    problems.push({ code: 'LOAD_PROFILE_DURATION_MISMATCH', field: 'durationSeconds',
      message: `is ${profile.durationSeconds} but the stages last ${sum} seconds` });
  }
  if (profile.stages.length > 0 && profile.startRate === 0
    && profile.stages.every((stage) => stage.target === 0)) {
    problems.push({ code: 'LOAD_PROFILE_FIELD_RANGE', field: 'stages',
      message: 'every rate is 0, so nothing would be sent' });
  }
}

function checkUnique(names: string[], field: string, problems: ProfileProblem[]): void {
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (seen.has(name)) {
      problems.push({ code: 'LOAD_PROFILE_DUPLICATE_NAME', field: `${field}[${index}]`,
        message: `"${name}" appears more than once` });
    }
    seen.add(name);
  });
}

const WEIGHT = { min: 0, max: 1_000_000, exclusiveMin: true };

function readSize(value: unknown, path: string, problems: ProfileProblem[]): WeightedSize {
  const reader = FieldReader.of(value, path, problems);
  if (reader === undefined) return { bytes: Number.NaN, weight: Number.NaN };
  // The smallest payload is the sentAt/seq envelope; the api's default limit is 256 KiB.
  const size = { bytes: reader.number('bytes', { min: 64, max: 200_000, integer: true }),
    weight: reader.number('weight', WEIGHT) };
  reader.refuseUnknown();
  return size;
}

function readTenant(value: unknown, path: string, problems: ProfileProblem[]): WeightedTenant {
  const reader = FieldReader.of(value, path, problems);
  if (reader === undefined) return { name: '', weight: Number.NaN };
  const tenant = {
    name: reader.string('name', TENANT_NAME, '1 to 64 of A-Z a-z 0-9 . _ : -'),
    weight: reader.number('weight', WEIGHT),
  };
  reader.refuseUnknown();
  return tenant;
}

function readEventType(value: unknown, path: string, problems: ProfileProblem[]): EventTypeMix {
  const reader = FieldReader.of(value, path, problems);
  if (reader === undefined) return { type: '', weight: Number.NaN, fanOut: Number.NaN };
  const eventType = {
    type: reader.string('type', EVENT_TYPE, 'dot-separated names of A-Z a-z 0-9 _ -'),
    weight: reader.number('weight', WEIGHT),
    fanOut: reader.number('fanOut', { min: 0, max: 50, integer: true }),
  };
  reader.refuseUnknown();
  return eventType;
}

function readReceiverShare(value: unknown, path: string,
  problems: ProfileProblem[]): ReceiverShare {
  const reader = FieldReader.of(value, path, problems);
  const fallback: ReceiverShare = { share: Number.NaN, behaviour: { kind: 'succeed' } };
  if (reader === undefined) return fallback;
  const share = reader.number('share', { min: 0, max: 1, exclusiveMin: true });
  const behaviour = readBehaviour(reader.raw('behaviour', true), reader.path('behaviour'),
    problems);
  reader.refuseUnknown();
  return { share, behaviour: behaviour ?? fallback.behaviour };
}

const STATUS = { min: 100, max: 599, integer: true };

function readBehaviour(value: unknown, path: string,
  problems: ProfileProblem[]): LoadReceiverBehaviour | undefined {
  if (value === undefined) return undefined;
  const reader = FieldReader.of(value, path, problems);
  if (reader === undefined) return undefined;
  const kind = reader.raw('kind', true);
  const optionalStatus = (): { status?: number } => {
    const status = reader.raw('status', false);
    return status === undefined ? {} : { status: reader.number('status', STATUS) };
  };
  let behaviour: LoadReceiverBehaviour | undefined;
  switch (kind) {
    case undefined: return undefined;
    case 'succeed': {
      const status = reader.raw('status', false);
      if (status !== undefined && status !== 200 && status !== 204) {
        reader.problem('LOAD_PROFILE_FIELD_RANGE', reader.path('status'), 'must be 200 or 204');
      }
      behaviour = status === 204 ? { kind, status: 204 } : { kind };
      break;
    }
    case 'status': {
      const retryAfter = reader.raw('retryAfter', false);
      behaviour = { kind, status: reader.number('status', STATUS),
        ...(retryAfter === undefined ? {} : { retryAfter: reader.string('retryAfter',
          /^[0-9]{1,5}$/, 'whole seconds as a string, like "1"') }) };
      break;
    }
    case 'fail-first':
      behaviour = { kind, count: reader.number('count', { min: 0, max: 1_000_000,
        integer: true }), ...optionalStatus() };
      break;
    case 'fail-fraction':
      behaviour = { kind, fraction: reader.number('fraction', { min: 0, max: 1 }),
        seed: reader.number('seed', { min: 0, max: 2 ** 32 - 1, integer: true }, 1),
        ...optionalStatus() };
      break;
    case 'slow':
      behaviour = { kind, delayMs: reader.number('delayMs', { min: 0, max: 60_000,
        integer: true }), ...optionalStatus() };
      break;
    default:
      reader.problem('LOAD_PROFILE_BEHAVIOUR_UNSUPPORTED', reader.path('kind'),
        `must be one of succeed, status, fail-first, fail-fraction, slow (is ${
          JSON.stringify(kind)})`);
      return undefined;
  }
  reader.refuseUnknown();
  return behaviour;
}

function readThresholds(value: unknown, path: string, problems: ProfileProblem[]): Thresholds {
  const fallback: Thresholds = { publishLatencyMs: {}, e2eLatencyMs: {}, maxErrorRate: Number.NaN,
    maxDropRate: 0, maxLoss: 0 };
  if (value === undefined) return fallback;
  const reader = FieldReader.of(value, path, problems);
  if (reader === undefined) return fallback;
  const thresholds: Thresholds = {
    publishLatencyMs: readLimits(reader.raw('publishLatencyMs', false),
      reader.path('publishLatencyMs'), problems),
    e2eLatencyMs: readLimits(reader.raw('e2eLatencyMs', false), reader.path('e2eLatencyMs'),
      problems),
    maxErrorRate: reader.number('maxErrorRate', { min: 0, max: 1 }),
    maxDropRate: reader.number('maxDropRate', { min: 0, max: 1 }, 0),
    maxLoss: reader.number('maxLoss', { min: 0, max: 1_000_000_000, integer: true }),
  };
  reader.refuseUnknown();
  return thresholds;
}

function readLimits(value: unknown, path: string, problems: ProfileProblem[]): PercentileLimits {
  if (value === undefined) return {};
  const reader = FieldReader.of(value, path, problems);
  if (reader === undefined) return {};
  const limits: PercentileLimits = {};
  for (const key of PERCENTILE_KEYS) {
    if (reader.raw(key, false) !== undefined) {
      limits[key] = reader.number(key, { min: 0, max: 3_600_000, exclusiveMin: true });
    }
  }
  reader.refuseUnknown();
  return limits;
}
