import { isHarborhookError } from '@harborhook/shared/errors';
import { onShutdownSignal } from '@harborhook/shared/lifecycle';
import { createLogger } from '@harborhook/shared/logger';
import { readWorkerConfig, type WorkerConfig } from './config.ts';
import { startWorker } from './worker.ts';

// stop() may use the whole grace for attempts, then needs a moment to give work back and close.
const CLOSE_MARGIN_MS = 10_000;

function readConfigOrExit(): Readonly<WorkerConfig> {
  try {
    return readWorkerConfig(process.env);
  } catch (err) {
    if (!isHarborhookError(err)) throw err;
    process.stderr.write(`worker: ${err.message}\n`);
    process.exit(2);
  }
}

const config = readConfigOrExit();
const logger = createLogger('worker', config.log);
// A start that fails (the metrics port in use, say) is one clear line and exit 2.
const worker = await startWorker(config, { logger }).catch((err: unknown) => {
  if (!isHarborhookError(err)) throw err;
  process.stderr.write(`worker: ${err.message}\n`);
  process.exit(2);
});
onShutdownSignal(logger, config.shutdownGraceMs + CLOSE_MARGIN_MS, () => worker.stop());
