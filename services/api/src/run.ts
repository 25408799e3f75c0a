import { isHarborhookError } from '@harborhook/shared/errors';
import { onShutdownSignal } from '@harborhook/shared/lifecycle';
import { createLogger } from '@harborhook/shared/logger';
import { readApiConfig } from './config.ts';
import { startApi } from './app.ts';
import { updateStoredSecrets } from './startup/update-stored-secrets.ts';

/**
 * Production entry: configuration from the environment only. The api does not migrate the
 * database; run `npm run migrate` before starting a new version.
 */
const bootLogger = createLogger('api', { level: 'info' });
try {
  const config = readApiConfig(process.env);
  const logger = createLogger('api', config.log);
  await updateStoredSecrets(config, logger);
  const api = await startApi(config, { logger });
  logger.info({ url: api.url }, 'api started');
  onShutdownSignal(logger, config.shutdownGraceMs, () => api.close());
} catch (err) {
  // Our own errors (bad configuration) say what to fix; anything else goes through the
  // error serializer, which keeps only what is safe to log.
  bootLogger.fatal(isHarborhookError(err) ? { reason: err.message, details: err.details }
    : { err }, 'api failed to start');
  process.exitCode = 1;
}
