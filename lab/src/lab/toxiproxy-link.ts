import type { Proxy, Toxiproxy } from 'toxiproxy-node-client';
import type { LinkName } from './link-catalogue.ts';
import type { LinkHandle, ToxicHandle } from './lab.ts';
import { LabError } from './lab-error.ts';
import { toxicBodies, type ToxicSpec } from './toxic-spec.ts';

/**
 * A link as a Toxiproxy proxy listening on 127.0.0.1 (a port the server picks) in front of
 * one upstream. Toxics and outages are changes to that proxy; the processes never notice the
 * proxy except through what it does to their bytes.
 */
export class ToxiproxyLink implements LinkHandle {
  readonly name: LinkName;
  readonly listen: string;
  readonly upstream: string;
  #proxy: Proxy;
  /** The address Toxiproxy binds, as it reported it; `listen` is how clients name it. */
  readonly #bind: string;

  private constructor(name: LinkName, proxy: Proxy, advertised?: string) {
    this.name = name;
    this.#proxy = proxy;
    this.#bind = proxy.listen;
    this.listen = advertised ?? proxy.listen;
    this.upstream = proxy.upstream;
  }

  /**
   * Creates the proxy; `upstream` is host:port of the real server. By default it listens on
   * 127.0.0.1 at a port the server picks; the container runtime gives `bind` (0.0.0.0:<port>
   * inside the Toxiproxy container) and `advertised` (toxiproxy:<port>, what clients dial).
   */
  static async create(client: Toxiproxy, name: LinkName, upstream: string,
    options: { bind?: string; advertised?: string } = {}): Promise<ToxiproxyLink> {
    // Port 0: the server binds a free port and reports it, so no port can be taken meanwhile.
    const proxy = await client.createProxy({ name, listen: options.bind ?? '127.0.0.1:0',
      upstream });
    return new ToxiproxyLink(name, proxy, options.advertised);
  }

  get port(): number {
    return Number(this.listen.slice(this.listen.lastIndexOf(':') + 1));
  }

  async addToxic(spec: ToxicSpec): Promise<ToxicHandle> {
    const added: string[] = [];
    try {
      for (const body of toxicBodies(spec)) {
        await this.#proxy.addToxic(body).catch((err: unknown) => {
          if (err instanceof Error && err.message.endsWith('status code 409')) {
            throw new LabError('LAB_ERR_TOXIC_EXISTS',
              `link ${this.name} already has a toxic named ${body.name}`);
          }
          throw err;
        });
        added.push(body.name);
      }
    } catch (err) {
      // A two-way toxic is added whole or not at all.
      for (const name of added) await this.removeToxic(name);
      throw err;
    }
    const remove = async (): Promise<void> => {
      for (const name of added) await this.removeToxic(name);
    };
    return { names: added, remove, [Symbol.asyncDispose]: remove };
  }

  /** Removes a toxic by name; a toxic already gone is not an error. */
  async removeToxic(name: string): Promise<void> {
    await this.#proxy.api.delete(`${this.#proxy.getPath()}/toxics/${encodeURIComponent(name)}`)
      .catch((err: unknown) => {
        if (err instanceof Error && err.message.endsWith('status code 404')) return;
        throw err;
      });
  }

  async toxicNames(): Promise<string[]> {
    // toxiproxy-node-client 4 has no call that lists a proxy's toxics.
    const { data } = await this.#proxy.api.get<{ name: string }[]>(
      `${this.#proxy.getPath()}/toxics`);
    return data.map((toxic) => toxic.name);
  }

  async clearToxics(): Promise<void> {
    for (const name of await this.toxicNames()) await this.removeToxic(name);
  }

  /**
   * An outage: the proxy stops listening (new connections are refused) and closes every
   * connection it carries. Its toxics stay.
   */
  async disable(): Promise<void> {
    await this.#setEnabled(false);
  }

  /** Ends an outage: the proxy listens again on the same address. */
  async enable(): Promise<void> {
    await this.#setEnabled(true);
  }

  async isEnabled(): Promise<boolean> {
    return (await this.#proxy.toxiproxy.get(this.name)).enabled;
  }

  async #setEnabled(enabled: boolean): Promise<void> {
    this.#proxy = await this.#proxy.update({ enabled, listen: this.#bind,
      upstream: this.upstream });
  }
}
