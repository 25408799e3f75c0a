/** What the progress line shows; counters are cumulative since the start. */
export interface ProgressSample {
  elapsedMs: number;
  targetRate: number;
  accepted: number;
  outstanding: number;
  errors: number;
  dropped: number;
  publishP99Ms: number;
}

export interface ProgressLine {
  stop(): void;
}

/**
 * Writes one line a second while a run publishes (to stderr, so stdout stays for results):
 * elapsed time, the rate asked for, the rate achieved over the last second (202s), requests
 * outstanding, errors, drops, and the publish p99 so far.
 */
export function startProgressLine(stream: NodeJS.WritableStream, name: string,
  sample: () => ProgressSample, intervalMs = 1000): ProgressLine {
  let previous = sample();
  const timer = setInterval(() => {
    const now = sample();
    const seconds = (now.elapsedMs - previous.elapsedMs) / 1000;
    const achieved = seconds > 0 ? (now.accepted - previous.accepted) / seconds : 0;
    previous = now;
    stream.write(`${formatProgress(name, now, achieved)}\n`);
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

export function formatProgress(name: string, sample: ProgressSample, achieved: number): string {
  return [
    `load ${name}`,
    `${(sample.elapsedMs / 1000).toFixed(0).padStart(5)}s`,
    `target ${sample.targetRate.toFixed(0)}/s`,
    `achieved ${achieved.toFixed(0)}/s`,
    `outstanding ${sample.outstanding}`,
    `errors ${sample.errors}`,
    `dropped ${sample.dropped}`,
    `p99 ${sample.publishP99Ms.toFixed(1)} ms`,
  ].join('  ');
}
