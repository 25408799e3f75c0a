import { sampleSum, scrape } from '@harborhook/lab/testing/scrape';

/**
 * Deliveries the workers gave back without an attempt because their endpoint's circuit was
 * open, summed over every worker's /metrics at the end (since each worker last started); a
 * worker that does not answer counts 0.
 */
export async function readCircuitDeferrals(metricsUrls: readonly string[]): Promise<number> {
  const counts = await Promise.all(metricsUrls.map(async (url) => {
    try {
      return sampleSum(await scrape(url), 'harborhook_endpoint_deferrals_total',
        { reason: 'circuit_open' });
    } catch {
      return 0;
    }
  }));
  return counts.reduce((sum, n) => sum + n, 0);
}
