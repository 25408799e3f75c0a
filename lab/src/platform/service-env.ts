/**
 * The environment each service is configured by, built from one description of where the
 * platform's parts are. Tests and the dev command use it, so they configure the services
 * exactly as an operator would: through environment variables.
 */
export interface PlatformWiring {
  databaseUrl: string;
  nsqdTcpAddress: string;
  nsqdHttpAddress: string;
  /** A topic per test keeps tests that share an nsqd apart. */
  nsqTopic: string;
  jwksFile: string;
  issuer: string;
  audience: string;
  apiPort: number;
  logLevel: string;
  /** SECRET_ENCRYPTION_KEYS and SECRET_ENCRYPTION_ACTIVE_KEY: the api and worker share them. */
  secretEncryptionKeys: string;
  secretEncryptionActiveKey: string;
}

export type Env = Record<string, string>;

/** Both the api (which encrypts) and the worker (which decrypts) need the same keys. */
function secretEncryptionEnv(wiring: PlatformWiring): Env {
  return {
    SECRET_ENCRYPTION_KEYS: wiring.secretEncryptionKeys,
    SECRET_ENCRYPTION_ACTIVE_KEY: wiring.secretEncryptionActiveKey,
  };
}

function commonEnv(wiring: PlatformWiring): Env {
  return {
    DATABASE_URL: wiring.databaseUrl,
    NSQD_TCP_ADDRESS: wiring.nsqdTcpAddress,
    NSQD_HTTP_ADDRESS: wiring.nsqdHttpAddress,
    NSQ_TOPIC: wiring.nsqTopic,
    LOG_LEVEL: wiring.logLevel,
  };
}

export function apiEnv(wiring: PlatformWiring, overrides: Env = {}): Env {
  return {
    ...commonEnv(wiring),
    ...secretEncryptionEnv(wiring),
    API_HOST: '127.0.0.1',
    API_PORT: String(wiring.apiPort),
    AUTH_JWKS_FILE: wiring.jwksFile,
    AUTH_ISSUER: wiring.issuer,
    AUTH_AUDIENCE: wiring.audience,
    ...overrides,
  };
}

export function relayEnv(wiring: PlatformWiring, overrides: Env = {}): Env {
  return { ...commonEnv(wiring), ...overrides };
}

export function workerEnv(wiring: PlatformWiring, overrides: Env = {}): Env {
  return { ...commonEnv(wiring), ...secretEncryptionEnv(wiring), ...overrides };
}
