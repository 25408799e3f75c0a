// Turns a Harborhook load profile (load/profiles/*.json) into k6 options. Plain JavaScript with
// no k6 imports, so that k6 (publish.js) and the project's Node tests use the same mapping.

/** k6 rates are whole iterations per timeUnit; fractional rates per second become per minute. */
function rateUnit(profile) {
  const rates = [profile.startRate, ...profile.stages.map((stage) => stage.target)];
  return rates.every(Number.isInteger) ? { timeUnit: '1s', factor: 1 }
    : { timeUnit: '1m', factor: 60 };
}

/** A k6 duration string in whole milliseconds (k6 accepts "1500ms"). */
function duration(seconds) {
  return `${Math.max(1, Math.round(seconds * 1000))}ms`;
}

/** How many arrivals the profile plans: the area under its piecewise-linear rate. */
export function plannedArrivals(profile, durationScale = 1) {
  let rate = profile.startRate;
  let area = 0;
  for (const stage of profile.stages) {
    area += ((rate + stage.target) / 2) * stage.durationSeconds * durationScale;
    rate = stage.target;
  }
  return Math.ceil(area - 1e-9);
}

/** The profile's stages as one ramping-arrival-rate scenario (open model, like the driver). */
export function buildScenario(profile, durationScale = 1) {
  const { timeUnit, factor } = rateUnit(profile);
  return {
    executor: 'ramping-arrival-rate',
    startRate: Math.round(profile.startRate * factor),
    timeUnit,
    stages: profile.stages.map((stage) => ({
      duration: duration(stage.durationSeconds * durationScale),
      target: Math.round(stage.target * factor),
    })),
    // A VU is one outstanding request: k6 drops an iteration when none is free, as the driver
    // drops an arrival beyond maxOutstanding.
    preAllocatedVUs: Math.min(profile.maxOutstanding, 100),
    maxVUs: profile.maxOutstanding,
    gracefulStop: duration(profile.requestTimeoutSeconds ?? 10),
  };
}

const PERCENTILES = { p50: 'p(50)', p90: 'p(90)', p95: 'p(95)', p99: 'p(99)',
  'p99.9': 'p(99.9)', max: 'max' };

/**
 * The profile's publish thresholds in k6 syntax. End-to-end latency and loss need the
 * driver's receivers, so k6 does not judge them.
 */
export function buildThresholds(profile, durationScale = 1) {
  const limits = profile.thresholds.publishLatencyMs ?? {};
  const latency = Object.entries(limits).map(([key, limit]) => `${PERCENTILES[key]}<=${limit}`);
  const maxDropRate = profile.thresholds.maxDropRate ?? 0;
  const allowedDrops = Math.floor(maxDropRate * plannedArrivals(profile, durationScale));
  const thresholds = {
    http_req_failed: [`rate<=${profile.thresholds.maxErrorRate}`],
    dropped_iterations: [`count<=${allowedDrops}`],
  };
  if (latency.length > 0) thresholds.http_req_duration = latency;
  return thresholds;
}

export function buildOptions(profile, durationScale = 1) {
  return {
    scenarios: { publish: buildScenario(profile, durationScale) },
    thresholds: buildThresholds(profile, durationScale),
  };
}

/** One of `items` (each with a `weight`), chosen by `random` in [0, 1). */
export function pickWeighted(items, random) {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let point = random * total;
  for (const item of items) {
    point -= item.weight;
    if (point < 0) return item;
  }
  return items[items.length - 1];
}

/** The driver's payload shape: {"sentAt": epoch ms, "seq": n, "pad": "x…"} of about `bytes`. */
export function buildPayload(sentAt, seq, bytes) {
  const head = `{"sentAt":${sentAt.toFixed(3)},"seq":${seq},"pad":"`;
  return `${head}${'x'.repeat(Math.max(0, bytes - head.length - 2))}"}`;
}
