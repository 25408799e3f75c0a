import { EnvReader } from '../config/env-reader.ts';
import { readDatabaseConfig, readLogConfig } from '../config/common.ts';
import { createLogger } from '../logger.ts';
import { createPool } from './pool.ts';
import { migrate } from './migrate.ts';

/** `harborhook migrate`: applies pending migrations to DATABASE_URL and exits. */
const env = new EnvReader(process.env);
const config = env.finish({ database: readDatabaseConfig(env), log: readLogConfig(env) });
const logger = createLogger('migrate', config.log);
const pool = createPool(config.database, logger, 'harborhook-migrate');
try {
  const result = await migrate(pool);
  logger.info({ applied: result.applied, alreadyApplied: result.alreadyApplied.length },
    'migrations complete');
} finally {
  await pool.end();
}
