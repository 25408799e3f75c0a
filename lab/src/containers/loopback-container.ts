import { GenericContainer } from 'testcontainers';
import { RunningCheck } from './running-check.ts';

/**
 * A GenericContainer as the lab needs it:
 * - on one network only, the lab's, under an alias (Testcontainers' withNetworkAliases would
 *   create it on the default bridge first and connect the lab's network as a second one);
 * - its ports published on 127.0.0.1 only (Testcontainers binds every interface), at host
 *   ports chosen by the lab, so a container that is stopped and started keeps its addresses;
 * - kept after it stops (a killed service is started again, not recreated);
 * - "started" as soon as it runs: the lab then waits for readiness itself, over HTTP or SQL,
 *   since these images have no shell for Testcontainers' port checks.
 */
export class LoopbackContainer extends GenericContainer {
  constructor(image: string, labLabel: Record<string, string>) {
    super(image);
    this.withLabels(labLabel).withAutoRemove(false).withWaitStrategy(new RunningCheck())
      .withStartupTimeout(30_000);
  }

  withLabNetwork(network: string, alias: string): this {
    this.withNetworkMode(network);
    this.createOpts.NetworkingConfig = { EndpointsConfig: { [network]: { Aliases: [alias] } } };
    return this;
  }

  /** Publishes each container port on 127.0.0.1 at the given host port. */
  withLoopbackPorts(ports: Record<number, number>): this {
    const entries = Object.entries(ports).map(([container, host]) =>
      ({ container: Number(container), host }));
    this.withExposedPorts(...entries);
    const bindings = { ...this.hostConfig.PortBindings as Record<string, unknown> };
    for (const { container, host } of entries) {
      bindings[`${container}/tcp`] = [{ HostIp: '127.0.0.1', HostPort: String(host) }];
    }
    this.hostConfig.PortBindings = bindings;
    return this;
  }
}
