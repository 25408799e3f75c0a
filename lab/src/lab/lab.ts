import type pg from 'pg';
import type { Receiver, ReceiverBehaviour } from '../receivers/receiver.ts';
import type { Env } from '../platform/service-env.ts';
import type { LabApiClient } from './lab-api-client.ts';
import type { DependencyLinkName, LinkName } from './link-catalogue.ts';
import type { ToxicSpec } from './toxic-spec.ts';

/**
 * A whole Harborhook environment for an experiment or a test, whichever runtime started it:
 * Postgres, nsqd, Toxiproxy with a proxy on every dependency link, api, relay and workers as
 * separate processes, and a fleet of receivers reached through their own proxies. Dispose it
 * (`await using lab = await startLab()`) and everything is torn down, also when a test fails.
 */
export interface Lab extends AsyncDisposable {
  /** Which runtime started it: 'process' or 'container'. */
  readonly runtime: string;
  /** The api as clients reach it, with a development token signer. */
  readonly api: LabApiClient;
  /** The lab's database, reached directly (not through a proxy), to check outcomes. */
  readonly database: DatabaseHandle;
  readonly nsqd: NsqdHandle;
  /** Toxiproxy's HTTP API, for what the link handles do not cover. */
  readonly toxiproxyUrl: string;
  readonly services: { api: ServiceHandle; relay: ServiceHandle; workers: ServiceHandle[] };
  readonly receivers: LabReceiver[];
  /** The five dependency links by name; receivers' links are on `receivers[i].link`. */
  readonly links: Readonly<Record<DependencyLinkName, LinkHandle>>;
  /** Any link by name, receivers' included; throws LAB_ERR_UNKNOWN_LINK for another name. */
  link(name: LinkName): LinkHandle;
  /** Every link, receivers' included. */
  allLinks(): LinkHandle[];
  /** What the lab holds on this machine, so a test can check that teardown released it. */
  resources(): LabResources;
  /** Tears everything down; safe to call twice. Rejects with the first failure, if any. */
  close(): Promise<void>;
}

export interface LabOptions {
  /** Worker processes (default 1). */
  workers?: number;
  /** One receiver per entry, each with its starting behaviour (default: one that succeeds). */
  receivers?: ReceiverBehaviour[];
  /** Environment overrides per service, on top of the lab's settings (lab-settings.ts). */
  env?: { api?: Env; relay?: Env; worker?: Env };
  /** LOG_LEVEL of the services (default info); their logs go to files under the lab. */
  logLevel?: string;
  /**
   * Where the services' log files go and stay after teardown. Default: inside the lab's
   * temporary directory, removed with it.
   */
  logDir?: string;
  /**
   * Wire the services straight to Postgres and nsqd (each link's upstream) instead of through
   * their Toxiproxy proxies (default false). The links still exist, but faults on them reach
   * no service. For measurements, where the proxies' CPU and extra hop would count as the
   * platform's (the benchmark, docs/benchmark.md).
   */
  bypassToxiproxy?: boolean;
}

/** One service process. */
export interface ServiceHandle {
  readonly name: string;
  /** Its Prometheus endpoint (the api serves /metrics on its own port). */
  readonly metricsUrl: string;
  readonly logFile: string;
  readonly running: boolean;
  readonly pid: number | undefined;
  /** SIGTERM: the service finishes what it is doing and exits; waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies mid-work; waits for the exit. */
  kill(): Promise<void>;
  /** Starts it again (same ports and settings) and waits until it reports ready. */
  start(): Promise<void>;
  /** stop(), then start(). */
  restart(): Promise<void>;
}

export interface NsqdHandle {
  /** nsqd's own addresses; the services reach it through links instead. */
  readonly tcpAddress: string;
  readonly httpAddress: string;
  readonly running: boolean;
  /** SIGTERM: nsqd flushes its queues to disk and exits. */
  stop(): Promise<void>;
  /** SIGKILL: in-memory and in-flight messages are lost. */
  kill(): Promise<void>;
  /** Starts it again on the same ports and data directory. */
  start(): Promise<void>;
}

export interface DatabaseHandle {
  /** Connection URL of the lab's migrated database, bypassing every proxy. */
  readonly url: string;
  /** A small pool on that URL, for checking what the platform stored. */
  readonly pool: pg.Pool;
}

/** A Toxiproxy proxy between a client kind and the server it depends on. */
export interface LinkHandle {
  readonly name: LinkName;
  /** host:port the clients dial: the proxy. */
  readonly listen: string;
  /** host:port of the real server. */
  readonly upstream: string;
  addToxic(spec: ToxicSpec): Promise<ToxicHandle>;
  removeToxic(name: string): Promise<void>;
  toxicNames(): Promise<string[]>;
  clearToxics(): Promise<void>;
  /** An outage: new connections are refused and open ones closed. Toxics stay. */
  disable(): Promise<void>;
  enable(): Promise<void>;
  isEnabled(): Promise<boolean>;
}

/** The toxics one addToxic call created (two for stream 'both'); disposing removes them. */
export interface ToxicHandle extends AsyncDisposable {
  readonly names: readonly string[];
  remove(): Promise<void>;
}

export interface LabReceiver {
  /** The receiver itself: switch its behaviour, read what it recorded. */
  readonly receiver: Receiver;
  /** The proxy the workers reach it through. */
  readonly link: LinkHandle;
  /** A URL through the proxy, to register as an endpoint. */
  url(path?: string): string;
}

export interface LabResources {
  /** Process ids the lab started and still knows of (services, nsqd, Toxiproxy, Postgres). */
  pids: number[];
  /** Ports it listens on or had its children listen on. */
  ports: number[];
  /** Temporary directories it created. */
  directories: string[];
  /** Docker container ids (container runtime only). */
  containers?: string[];
  /** Docker network ids (container runtime only). */
  networks?: string[];
}
