import { isHarborhookError } from '@harborhook/shared/errors';
import { onShutdownSignal } from '@harborhook/shared/lifecycle';
import { createLogger } from '@harborhook/shared/logger';
import { readRelayConfig, type RelayConfig } from './config.ts';
import { startRelay } from './relay.ts';

function readConfigOrExit(): Readonly<RelayConfig> {
  try {
    return readRelayConfig(process.env);
  } catch (err) {
    if (!isHarborhookError(err)) throw err;
    process.stderr.write(`relay: ${err.message}\n`);
    process.exit(2);
  }
}

const config = readConfigOrExit();
const logger = createLogger('relay', config.log);
// A start that fails (the metrics port in use, say) is one clear line and exit 2.
const relay = await startRelay(config, { logger }).catch((err: unknown) => {
  if (!isHarborhookError(err)) throw err;
  process.stderr.write(`relay: ${err.message}\n`);
  process.exit(2);
});
onShutdownSignal(logger, config.shutdownGraceMs, () => relay.stop());
