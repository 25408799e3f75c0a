import { orExit } from '@harborhook/shared/config/or-exit';
import { onShutdownSignal } from '@harborhook/shared/lifecycle';
import { createLogger } from '@harborhook/shared/logger';
import { readRelayConfig } from './config.ts';
import { startRelay } from './relay.ts';

const config = await orExit('relay', () => readRelayConfig(process.env));
const logger = createLogger('relay', config.log);
// A start that fails (the metrics port in use, say) is one clear line and exit 2 too.
const relay = await orExit('relay', () => startRelay(config, { logger }));
onShutdownSignal(logger, config.shutdownGraceMs, () => relay.stop());
