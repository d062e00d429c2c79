import type { Logger } from 'pino';
import type { Config, LogLevel } from '../config';
import type { Service } from '../service';
import { connectThroughCodeFlow } from './connect-through-code-flow';
import { startSimulatorThread } from './run-simulator-thread';

export interface DemoQuickBooks {
  /** The service's config, pointed at the simulator exactly as a live config points at Intuit. */
  readonly config: Config;
  /** Connects the service to the simulator's company through the ordinary OAuth code flow. */
  connect(service: Service): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Demo mode (README, Modes): the bundled simulator runs in its own thread (simulator-thread.ts) on a loopback port
 * with a generated company, so the serving thread does none of its work, as none of QuickBooks' is done here in live
 * mode. It is new on every start, so tokens stored by an earlier run are unknown to it and the service connects
 * again through the same code flow a person would click through; the company is deterministic, so the stored
 * snapshot of the earlier run is still the same company.
 */
export async function startDemoQuickBooks(config: Config, logger: Logger): Promise<DemoQuickBooks> {
  const { seed, ...sizes } = config.demo;
  const simulator = await startSimulatorThread(
    { seed, sizes, redirectUris: [config.quickbooks.redirectUri], host: '127.0.0.1', port: 0, logLevel: logger.level as LogLevel },
    logger,
  );
  logger.info({ url: simulator.url, company_id: simulator.realmId, sizes }, 'demo mode: QuickBooks simulator started');
  const demoConfig: Config = Object.freeze({
    ...config,
    quickbooks: Object.freeze({
      ...config.quickbooks,
      clientId: simulator.clientId,
      clientSecret: simulator.clientSecret,
      apiBaseUrl: simulator.endpoints.apiBaseUrl,
      authorizeUrl: simulator.endpoints.authorizeUrl,
      tokenUrl: simulator.endpoints.tokenUrl,
      revokeUrl: simulator.endpoints.revokeUrl,
      bootstrap: undefined,
    }),
  });
  return {
    config: demoConfig,
    connect: (service) => connectThroughCodeFlow(service.connectFlow, logger),
    stop: () => simulator.stop(),
  };
}
