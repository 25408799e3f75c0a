import type Dockerode from 'dockerode';
import { StartupCheckStrategy, type StartupStatus } from 'testcontainers';

/**
 * Testcontainers' wait for the lab's containers: done once the container runs, failed if it
 * exited. What "ready" means (a /readyz, a SQL connection, /ping) the lab checks itself.
 */
export class RunningCheck extends StartupCheckStrategy {
  override async checkStartupState(docker: Dockerode, containerId: string):
    Promise<StartupStatus> {
    const { State } = await docker.getContainer(containerId).inspect();
    if (State.Running) return 'SUCCESS';
    return State.Status === 'created' ? 'PENDING' : 'FAIL';
  }
}
