import { orExit } from '@harborhook/shared/config/or-exit';
import { onShutdownSignal } from '@harborhook/shared/lifecycle';
import { createLogger } from '@harborhook/shared/logger';
import { readWorkerConfig } from './config.ts';
import { startWorker } from './worker.ts';

// stop() may use the whole grace for attempts, then needs a moment to give work back and close.
const CLOSE_MARGIN_MS = 10_000;

const config = await orExit('worker', () => readWorkerConfig(process.env));
const logger = createLogger('worker', config.log);
// A start that fails (the metrics port in use, say) is one clear line and exit 2 too.
const worker = await orExit('worker', () => startWorker(config, { logger }));
onShutdownSignal(logger, config.shutdownGraceMs + CLOSE_MARGIN_MS, () => worker.stop());
