import type { LabContainer } from '../containers/lab-container.ts';
import { ReadyCheckedService, type ServiceUrls } from './ready-checked-service.ts';

/** A graceful stop longer than this (SHUTDOWN_GRACE plus slack) ends in SIGKILL. */
const STOP_GRACE_SECONDS = 10;

/**
 * A part of the container runtime that says when it is ready over HTTP (api, relay and
 * workers by /readyz; nsqd by /ping; Toxiproxy by /version), reached at its port published on
 * 127.0.0.1. kill() is SIGKILL of the container, start() starts the same container again.
 */
export class ContainerService extends ReadyCheckedService<LabContainer> {
  constructor(container: LabContainer, urls: ServiceUrls) {
    super(container, urls, 'container');
  }

  get containerId(): string {
    return this.part.id;
  }

  protected override async launch(): Promise<void> {
    await this.part.start();
  }

  override async stop(): Promise<void> {
    await this.part.stop(STOP_GRACE_SECONDS);
  }

  override async kill(): Promise<void> {
    await this.part.kill();
  }
}
