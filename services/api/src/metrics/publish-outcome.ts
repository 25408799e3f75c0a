import type { PublishOutcomeLabel } from './api-metrics.ts';

/** Maps a publish answer to its bounded outcome label. */
export function publishOutcome(statusCode: number, replayed: boolean): PublishOutcomeLabel {
  if (statusCode === 429) return 'rate_limited';
  if (statusCode >= 500) return 'server_error';
  if (statusCode >= 400) return 'client_error';
  return replayed ? 'duplicate' : 'accepted';
}
