import assert from 'node:assert/strict';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Prometheus, prometheusConfig } from '@harborhook/lab/env/prometheus';
import { waitFor } from '@harborhook/lab/env/wait-for';

// A stand-in service: one gauge the test sets, served as Prometheus text on loopback.
let gauge = 0;
let server: Server;
let metricsUrl: string;
let ruleDir: string;

const RULES = `groups:
  - name: test
    rules:
      - alert: TestGaugeHigh
        expr: test_gauge > 5
        for: 2s
        labels: { severity: ticket }
        annotations: { runbook_url: runbooks/test-gauge-high.md }
`;

before(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(req.url === '/metrics' ? `# TYPE test_gauge gauge\ntest_gauge ${gauge}\n` : '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  metricsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  ruleDir = await mkdtemp(join(tmpdir(), 'harborhook-prometheus-test-'));
  await writeFile(join(ruleDir, 'test.yml'), RULES);
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(ruleDir, { recursive: true, force: true });
});

test('the config scrapes only the given loopback targets, with no alertmanager or remote '
  + 'write', () => {
  const config = prometheusConfig({ ruleDir: '/rules', intervalSeconds: 1, jobs: [
    { name: 'harborhook-worker', metricsUrls: ['http://127.0.0.1:9102/metrics',
      'http://[::1]:9103/metrics'] }] }) as Record<string, unknown>;
  assert.deepEqual(Object.keys(config).sort(), ['global', 'rule_files', 'scrape_configs']);
  assert.deepEqual(config.rule_files, ['/rules/*.yml']);
  assert.deepEqual(config.scrape_configs, [{ job_name: 'harborhook-worker',
    metrics_path: '/metrics', scheme: 'http',
    static_configs: [{ targets: ['127.0.0.1:9102', '[::1]:9103'] }] }]);
});

test('a target off loopback, or not an http /metrics URL, is refused', () => {
  for (const url of ['http://10.0.0.1:9102/metrics', 'http://example.com:80/metrics',
    'https://127.0.0.1:9102/metrics', 'http://127.0.0.1:9102/other', 'http://127.0.0.1/metrics',
    'not a url']) {
    assert.throws(() => prometheusConfig({ ruleDir: '/rules',
      jobs: [{ name: 'x', metricsUrls: [url] }] }),
    { code: 'PROMETHEUS_ERR_NOT_LOOPBACK' }, url);
  }
});

test('a real Prometheus scrapes the target, evaluates the rules, fires and resolves an alert, '
  + 'drops a job on setJobs, and leaves nothing behind', async () => {
  const prometheus = await Prometheus.start({ ruleDir, lookbackDeltaSeconds: 5,
    jobs: [{ name: 'harborhook-api', metricsUrls: [metricsUrl] }] });
  const directory = prometheus.directory;
  const pid = prometheus.pid;
  try {
    assert.match(prometheus.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    await waitFor(async () => (await prometheus.api.targets())
      .some((target) => target.health === 'up' && target.labels.job === 'harborhook-api'),
    { what: 'the target up', timeoutMs: 20_000, intervalMs: 100 });
    const rules = await prometheus.api.rules();
    assert.deepEqual(rules.map((rule) => [rule.type, rule.name]), [['alerting', 'TestGaugeHigh']]);

    gauge = 9;
    const firing = await waitFor(async () => (await prometheus.api.alerts())
      .find((alert) => alert.state === 'firing'), { what: 'the alert firing', timeoutMs: 20_000,
      intervalMs: 100 });
    assert.equal(firing.labels.alertname, 'TestGaugeHigh');
    assert.equal(firing.annotations.runbook_url, 'runbooks/test-gauge-high.md');
    assert.deepEqual((await prometheus.api.query('test_gauge')).map((sample) => sample.value),
      [9]);

    gauge = 0;
    await waitFor(async () => (await prometheus.api.alerts()).length === 0,
      { what: 'the alert resolved', timeoutMs: 20_000, intervalMs: 100 });

    await prometheus.setJobs([]);
    await waitFor(async () => (await prometheus.api.query('up')).length === 0,
      { what: 'the dropped job\'s up series gone', timeoutMs: 20_000, intervalMs: 100 });
    await assert.rejects(prometheus.api.query('sum(rate(test_gauge[1s]) offset'),
      { code: 'PROMETHEUS_ERR_API' });
  } finally {
    await prometheus.close();
  }
  assert.ok(pid !== undefined);
  assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' });
  await assert.rejects(access(directory), { code: 'ENOENT' });
});
