import type { AlertingLab } from './alerting-lab.ts';
import type { ExpectedAlert } from './expected-alert.ts';

/**
 * One fault run: what breaks, the alerts it must bring to firing (with their runbooks), and
 * how the lab recovers, after which every awaited alert must resolve. Scenarios of one stage
 * run at the same time on the same lab, so they must not disturb each other's signals.
 */
export interface Scenario {
  name: string;
  /** What is broken, in a few words, for reports. */
  fault: string;
  expect: ExpectedAlert[];
  inject(env: AlertingLab): Promise<void>;
  /**
   * A condition the fault must reach before recovery, beyond its alerts firing (for example
   * deliveries waiting long enough to be late). Polled; undefined means none.
   */
  heldEnough?(env: AlertingLab): Promise<boolean>;
  recover(env: AlertingLab): Promise<void>;
}
