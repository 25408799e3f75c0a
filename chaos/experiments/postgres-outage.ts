import type { Experiment } from '../src/experiment.ts';
import { check, faultWindow, publishesIn, statusCounts } from '../src/hypothesis.ts';

const LINKS = ['api-postgres', 'relay-postgres', 'worker-postgres'] as const;

export const experiment: Experiment = {
  name: 'postgres-outage',
  title: 'Postgres unreachable for a while, then back',
  hypothesis: [
    'Before: publishes are accepted and delivered.',
    'During: publishes are refused at once with 503 (not left hanging); nothing accepted '
      + 'before the outage is lost; the services stay up.',
    'After: publishing and delivery resume by themselves and everything accepted arrives.',
  ],
  fault: {
    description: 'every service\'s Postgres link down (connections refused and cut)',
    durationSeconds: 20,
    async inject({ lab }) {
      await Promise.all(LINKS.map((name) => lab.links[name].disable()));
    },
    async remove({ lab }) {
      await Promise.all(LINKS.map((name) => lab.links[name].enable()));
    },
  },
  maxRecoverySeconds: 30,
  checks(run) {
    const during = publishesIn(run, faultWindow(run));
    const refused = during.filter((p) => p.status === 503).length;
    const unanswered = run.publishes.filter((p) => p.status === 'timeout').length;
    const accepted = run.publishes.filter((p) => p.status === 202).length;
    return [
      check('the fault was felt: publishes refused during the outage', refused > 0,
        `${refused} of ${during.length} publishes during the outage answered 503 `
        + `(${statusCounts(during)})`),
      check('no publish left hanging', unanswered === 0,
        `${unanswered} publishes got no answer within 10 s`),
      check('publishing resumed after the outage', accepted > during.length,
        `${accepted} publishes accepted in all (${statusCounts(run.publishes)})`),
    ];
  },
};
