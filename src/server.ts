import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from './config';
import { createLogger } from './logging';
import { buildService, type Service } from './service';
import { openStoreWhenReachable, type RequestHandler } from './store-wait';
import { startDemoQuickBooks, type DemoQuickBooks } from './demo';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly service: Service;
  /** Graceful stop: readiness off, jobs stopped, in-flight requests drained, store closed. Idempotent. */
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly logger?: Logger;
  /** Stops a start that waits for the store's database (the process was signalled meanwhile). */
  readonly signal?: AbortSignal;
  /** Hard limit for draining requests on stop; the process must exit within 10 s of SIGTERM. */
  readonly drainTimeoutMs?: number;
}

/**
 * Builds the service, listens, and returns a handle whose `stop()` shuts everything down in order.
 * In demo mode the bundled QuickBooks simulator is started first on a loopback port and the service is pointed
 * at it exactly as a live service is pointed at Intuit, then connects itself through the OAuth code flow.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  let demo: DemoQuickBooks | null = null;
  let effective = config;
  if (config.mode === 'demo') {
    demo = await startDemoQuickBooks(config, logger.child({ component: 'simulator' }));
    effective = demo.config;
  }
  // One HTTP server for the process's life: it answers the health routes while the store's database is awaited
  // (store-wait.ts), then hands every request to the service.
  const http: { handler: RequestHandler | null; server: Server | null } = { handler: null, server: null };
  const serve = async (next: RequestHandler) => {
    http.handler = next;
    http.server ??= await listen((req, res) => http.handler?.(req, res), effective);
  };
  let service: Service;
  try {
    const store = await openStoreWhenReachable(effective, logger, serve, options.signal ?? new AbortController().signal);
    service = await buildService(effective, logger, store);
    await serve((req, res) => service.app(req, res));
  } catch (err) {
    await new Promise((resolve) => (http.server === null ? resolve(undefined) : http.server.close(resolve)));
    await demo?.stop();
    throw err;
  }
  const { server } = http;
  if (server === null) throw new Error('the HTTP server did not start');
  const address = server.address() as AddressInfo;
  const url = `http://${displayHost(effective.http.host)}:${address.port}`;
  logger.info({ url, mode: effective.mode, companies: service.companies.list().map((company) => company.realmId) }, `qbo-cache listening (${effective.mode} mode)`);
  if (demo) await demo.connect(service).catch((err: unknown) => logger.error({ err }, 'demo connect failed'));
  await service.start();

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= shutdown(server, service, demo, logger, options.drainTimeoutMs ?? 8_000);
    return stopping;
  };
  return { url, port: address.port, service, stop };
}

function listen(handler: RequestHandler, config: Config): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(handler);
    server.keepAliveTimeout = 65_000; // longer than common load-balancer idle timeouts, so they close first
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

async function shutdown(server: Server, service: Service, demo: DemoQuickBooks | null, logger: Logger, drainMs: number) {
  logger.info('shutting down: readiness off, draining requests');
  service.lifecycle.beginShutdown();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), drainMs);
  await service.stop();
  await closed;
  clearTimeout(timer);
  await service.close();
  await demo?.stop();
  logger.info('stopped');
  logger.flush();
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}
