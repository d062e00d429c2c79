import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Service } from '../service';
import { createSimulator } from '../simulator';
import { connectThroughCodeFlow } from './connect-through-code-flow';

export interface DemoQuickBooks {
  /** The service's config, pointed at the simulator exactly as a live config points at Intuit. */
  readonly config: Config;
  /** Connects the service to the simulator's company through the ordinary OAuth code flow. */
  connect(service: Service): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Demo mode (README, Modes): the bundled simulator runs in-process on a loopback port with a generated company.
 * It is new on every start, so tokens stored by an earlier run are unknown to it and the service connects again
 * through the same code flow a person would click through; the company is deterministic, so the stored
 * snapshot of the earlier run is still the same company.
 */
export async function startDemoQuickBooks(config: Config, logger: Logger): Promise<DemoQuickBooks> {
  const { seed, ...sizes } = config.demo;
  const simulator = createSimulator({
    seed,
    sizes,
    redirectUris: [config.quickbooks.redirectUri],
    logger,
  });
  const running = await simulator.listen(0, '127.0.0.1');
  logger.info({ url: running.url, company_id: simulator.realmId, sizes }, 'demo mode: QuickBooks simulator started');
  const demoConfig: Config = Object.freeze({
    ...config,
    quickbooks: Object.freeze({
      ...config.quickbooks,
      clientId: simulator.clientId,
      clientSecret: simulator.clientSecret,
      apiBaseUrl: running.endpoints.apiBaseUrl,
      authorizeUrl: running.endpoints.authorizeUrl,
      tokenUrl: running.endpoints.tokenUrl,
      revokeUrl: running.endpoints.revokeUrl,
      bootstrap: undefined,
    }),
  });
  return {
    config: demoConfig,
    connect: (service) => connectThroughCodeFlow(service.connectFlow, logger),
    stop: () => running.close(),
  };
}
