import { sampleSum, scrape } from '@harborhook/lab/testing/scrape';

export interface RelayGauges {
  oldestDueAgeS: number | null;
  nsqChannelDepth: number | null;
}

/**
 * The relay's backlog gauges as Prometheus would scrape them: the age of the oldest due
 * delivery (read from Postgres at scrape time) and the depth of the topic's channels (read
 * from nsqd). Null for what the relay could not report: the relay down, or nsqd down.
 */
/** The relay's count of expired leases it recovered, by state; zeros when unreadable. */
export async function readLeasesRecovered(metricsUrl: string):
  Promise<{ queued: number; attempting: number }> {
  try {
    const samples = await scrape(metricsUrl);
    const count = (state: string) => sampleSum(samples,
      'harborhook_relay_leases_recovered_total', { state });
    return { queued: count('queued'), attempting: count('attempting') };
  } catch {
    return { queued: 0, attempting: 0 };
  }
}

export async function readRelayGauges(metricsUrl: string): Promise<RelayGauges> {
  try {
    const samples = await scrape(metricsUrl);
    const nsqUp = sampleSum(samples, 'harborhook_nsq_stats_up') > 0;
    const age = samples.find((s) => s.name === 'harborhook_deliveries_oldest_due_age_seconds');
    return {
      oldestDueAgeS: age === undefined ? null : age.value,
      nsqChannelDepth: nsqUp ? sampleSum(samples, 'harborhook_nsq_channel_depth_messages') : null,
    };
  } catch {
    return { oldestDueAgeS: null, nsqChannelDepth: null };
  }
}
