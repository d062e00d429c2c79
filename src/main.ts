import { configOrExit } from './config';
import { createLogger } from './logging';
import { startServer } from './server';

/** Process entry point: config, server, signals. Importing the modules it uses has no side effects. */
async function main(): Promise<void> {
  const config = configOrExit();
  const logger = createLogger({ level: config.logLevel });
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  // Signals are handled from the start: a warm start of a large company takes seconds, and a stop meanwhile must
  // still drain and exit 0 rather than die of the default SIGTERM action.
  let stop: (() => Promise<void>) | null = null;
  let signalled = false;
  const starting = new AbortController();
  const shutdown = (stopServer: () => Promise<void>) =>
    stopServer().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'signal received');
    // Past 10 s a container runtime would SIGKILL anyway; exit on our own terms first.
    setTimeout(() => process.exit(1), 9_500).unref();
    signalled = true;
    if (stop !== null) void shutdown(stop);
    else starting.abort(new Error(`${signal} while starting`));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  const server = await startServer(config, { logger, signal: starting.signal }).catch((err: unknown) => {
    // Stopped while waiting for the store's database: a clean stop, not a failed start.
    if (signalled && starting.signal.aborted) process.exit(0);
    throw err;
  });
  stop = () => server.stop();
  if (signalled) void shutdown(stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`qbo-cache failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
