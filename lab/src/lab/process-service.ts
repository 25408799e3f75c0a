import type { ServiceProcess } from '../platform/service-process.ts';
import { ReadyCheckedService, type ServiceUrls } from './ready-checked-service.ts';

/** A graceful stop that takes longer than this (SHUTDOWN_GRACE plus slack) is cut short. */
const STOP_LIMIT_MS = 10_000;

/**
 * A service of the process runtime: its own OS process (ServiceProcess), with the URLs that
 * say it is ready and serve its metrics, known before it starts because its ports are chosen
 * by the lab.
 */
export class ProcessService extends ReadyCheckedService<ServiceProcess> {
  constructor(service: ServiceProcess, urls: ServiceUrls) {
    super(service, urls, 'process');
  }

  protected override async launch(): Promise<void> {
    this.part.start();
  }

  override async stop(): Promise<void> {
    if (!this.part.running) return;
    const force = setTimeout(() => { void this.part.signal('SIGKILL'); }, STOP_LIMIT_MS);
    try {
      await this.part.stop();
    } finally {
      clearTimeout(force);
    }
  }

  override async kill(): Promise<void> {
    await this.part.signal('SIGKILL');
  }
}
