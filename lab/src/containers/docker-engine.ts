import type Dockerode from 'dockerode';
import { getContainerRuntimeClient } from 'testcontainers';
import { LabError } from '../lab/lab-error.ts';

/**
 * The Docker engine, through Testcontainers' own client (so both find the same engine: the
 * DOCKER_HOST variable, ~/.testcontainers.properties, or /var/run/docker.sock).
 *
 * Ryuk, the reaper container Testcontainers starts by default, comes from a registry that is not
 * reachable here, so it is off unless the environment says otherwise; the lab removes its
 * containers and network itself, and an exit hook does when the test process dies undisposed.
 */
export async function dockerEngine(): Promise<Dockerode> {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  try {
    return (await getContainerRuntimeClient()).container.dockerode;
  } catch (err) {
    throw new LabError('LAB_ERR_DOCKER_UNAVAILABLE', 'the container runtime needs a running '
      + `Docker engine (bin/harborhook setup with HARBORHOOK_CONTAINER_LAB=1 starts one): ${
        (err as Error).message}`, { cause: err });
  }
}

/** Whether an engine answers; for a test that skips on a machine without Docker. */
export async function dockerAvailable(): Promise<boolean> {
  return await dockerEngine().then(() => true, () => false);
}
