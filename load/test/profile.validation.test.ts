import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProfileError, type ProfileProblem } from '../src/profile/profile-error.ts';
import { PROFILE_NAMES, readProfile } from '../src/profile/read-profile.ts';
import { scaleProfile } from '../src/profile/scale-profile.ts';
import { validateProfile } from '../src/profile/validate-profile.ts';

function validProfile(): Record<string, unknown> {
  return {
    name: 'tiny',
    startRate: 1,
    stages: [{ durationSeconds: 2, target: 4 }, { durationSeconds: 3, target: 4 }],
    durationSeconds: 5,
    maxOutstanding: 10,
    payloadBytes: [{ bytes: 128, weight: 1 }],
    tenants: [{ name: 'load-t', weight: 1 }],
    endpointsPerTenant: 2,
    eventTypes: [{ type: 'order.created', weight: 1, fanOut: 2 }],
    receivers: [{ share: 0.5, behaviour: { kind: 'succeed' } },
      { share: 0.5, behaviour: { kind: 'status', status: 429, retryAfter: '1' } }],
    thresholds: { publishLatencyMs: { p99: 25 }, maxErrorRate: 0.01, maxLoss: 0 },
  };
}

/** The problems a profile is refused with, as "code field" strings. */
function problemsOf(json: unknown): string[] {
  try {
    validateProfile(json, 'test.json');
  } catch (err) {
    assert.ok(err instanceof ProfileError);
    assert.equal(err.code, 'LOAD_PROFILE_INVALID');
    return err.problems.map((p: ProfileProblem) => `${p.code} ${p.field}`);
  }
  assert.fail('the profile was accepted');
}

test('every committed profile is valid, named like its file, and fills in defaults', async () => {
  for (const name of PROFILE_NAMES) {
    const profile = await readProfile(name);
    assert.equal(profile.name, name);
    assert.ok(profile.thresholds.maxLoss === 0, `${name} demands zero loss`);
  }
  const tiny = validateProfile(validProfile(), 'tiny.json');
  assert.equal(tiny.requestTimeoutSeconds, 10);
  assert.equal(tiny.stopOnBreach, false);
  assert.equal(tiny.thresholds.maxDropRate, 0);
  assert.deepEqual(tiny.thresholds.e2eLatencyMs, {});
});

test('the stress profile ramps far beyond the baseline target and stops at the break', async () => {
  const [stress, baseline] = [await readProfile('stress'), await readProfile('baseline')];
  const top = Math.max(...stress.stages.map((stage) => stage.target));
  assert.ok(top >= 4 * Math.max(...baseline.stages.map((stage) => stage.target)));
  assert.equal(stress.stopOnBreach, true);
});

test('missing, mistyped, out-of-range and unknown fields are each named with a code', () => {
  const profile = validProfile();
  delete profile.maxOutstanding;
  profile.startRate = 'fast';
  profile.stages = [{ durationSeconds: 0, target: 4 }, { durationSeconds: 5, target: -1 }];
  profile.durationSeconds = 5;
  profile.extra = true;
  profile.thresholds = { publishLatencyMs: { p98: 10 }, maxErrorRate: 2, maxLoss: 0 };
  assert.deepEqual(problemsOf(profile).sort(), [
    'LOAD_PROFILE_FIELD_MISSING maxOutstanding',
    'LOAD_PROFILE_FIELD_RANGE stages[0].durationSeconds',
    'LOAD_PROFILE_FIELD_RANGE stages[1].target',
    'LOAD_PROFILE_FIELD_RANGE thresholds.maxErrorRate',
    'LOAD_PROFILE_FIELD_TYPE startRate',
    'LOAD_PROFILE_FIELD_UNKNOWN extra',
    'LOAD_PROFILE_FIELD_UNKNOWN thresholds.publishLatencyMs.p98',
  ]);
});

test('inconsistent profiles are refused: duration, shares, fan-out, duplicates, behaviours', () => {
  const profile = validProfile();
  profile.durationSeconds = 6;
  profile.receivers = [{ share: 0.5, behaviour: { kind: 'succeed' } },
    { share: 0.4, behaviour: { kind: 'hang' } }];
  profile.eventTypes = [{ type: 'order.created', weight: 1, fanOut: 3 },
    { type: 'order.created', weight: 1, fanOut: 1 }];
  assert.deepEqual(problemsOf(profile).sort(), [
    'LOAD_PROFILE_BEHAVIOUR_UNSUPPORTED receivers[1].behaviour.kind',
    'LOAD_PROFILE_DUPLICATE_NAME eventTypes[1]',
    'LOAD_PROFILE_DURATION_MISMATCH durationSeconds',
    'LOAD_PROFILE_FANOUT_TOO_LARGE eventTypes[0].fanOut',
    'LOAD_PROFILE_SHARES_NOT_ONE receivers',
  ]);
});

test('the error message names each field and why, for a person at a terminal', () => {
  const profile = validProfile();
  profile.tenants = [{ name: 'has space', weight: 1 }];
  assert.throws(() => validateProfile(profile, 'x.json'), (err: Error) => {
    assert.match(err.message, /load profile x\.json is invalid/);
    assert.match(err.message, /tenants\[0\]\.name \(LOAD_PROFILE_FIELD_RANGE\): must be 1 to 64/);
    return true;
  });
  assert.deepEqual(problemsOf([]), ['LOAD_PROFILE_FIELD_TYPE (root)']);
});

test('unreadable and malformed profile files are refused with their own codes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'load-profile-'));
  try {
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"name": "broken",');
    await assert.rejects(readProfile(broken), (err: ProfileError) =>
      err.problems[0]?.code === 'LOAD_PROFILE_MALFORMED_JSON');
    await assert.rejects(readProfile('no-such-profile'), (err: ProfileError) =>
      err.problems[0]?.code === 'LOAD_PROFILE_NOT_FOUND' && /smoke, baseline/.test(err.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('scaling stretches durations and rates but keeps the shape and thresholds', async () => {
  const soak = await readProfile('soak');
  const short = scaleProfile(soak, { duration: 0.1, rate: 0.5 });
  assert.ok(Math.abs(short.durationSeconds - soak.durationSeconds * 0.1) < 1e-9);
  assert.deepEqual(short.stages.map((s) => s.target), soak.stages.map((s) => s.target * 0.5));
  assert.deepEqual(short.thresholds, soak.thresholds);
  assert.equal(short.drainTimeoutSeconds, soak.drainTimeoutSeconds);
  validateProfile(JSON.parse(JSON.stringify(short)), 'scaled');
  assert.throws(() => scaleProfile(soak, { duration: 0 }), (err: ProfileError) =>
    err.problems[0]?.code === 'LOAD_PROFILE_SCALE_INVALID'
      && err.problems[0].field === 'scale.duration');
});
