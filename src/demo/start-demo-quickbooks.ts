import type { Logger } from 'pino';
import type { Config, LogLevel } from '../config';
import type { CompanySizes } from '../simulator';
import type { Service } from '../service';
import { connectThroughCodeFlow } from './connect-through-code-flow';
import { startSimulatorThread } from './run-simulator-thread';

export interface DemoQuickBooks {
  /** The service's config, pointed at the simulator exactly as a live config points at Intuit. */
  readonly config: Config;
  /** Connects the service to the simulator's two companies through the ordinary OAuth code flow, the first first. */
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
  const second = { realmId: SECOND_COMPANY_REALM_ID, seed: seed + 1, sizes: smaller(sizes) };
  const simulator = await startSimulatorThread(
    { seed, sizes, moreCompanies: [second], redirectUris: [config.quickbooks.redirectUri], host: '127.0.0.1', port: 0, logLevel: logger.level as LogLevel },
    logger,
  );
  logger.info({ url: simulator.url, companies: simulator.realmIds, sizes, second_company_sizes: second.sizes }, 'demo mode: QuickBooks simulator started');
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
      // The first company answers the unscoped routes, so a demo user sees what a single-company service shows.
      defaultRealmId: config.quickbooks.defaultRealmId ?? simulator.realmId,
    }),
  });
  return {
    config: demoConfig,
    async connect(service) {
      for (const realmId of simulator.realmIds) {
        await simulator.pick(realmId);
        await connectThroughCodeFlow(service.connectFlow, logger);
      }
    },
    stop: () => simulator.stop(),
  };
}

/** The demo's second company: a realm id of its own, generated from the next seed at a quarter of the sizes (10 at least, 0 stays 0). */
const SECOND_COMPANY_REALM_ID = '4620816365000002';

function smaller(sizes: CompanySizes): CompanySizes {
  const quarter = (count: number) => (count === 0 ? 0 : Math.max(10, Math.round(count / 4)));
  return {
    customers: quarter(sizes.customers),
    vendors: quarter(sizes.vendors),
    items: quarter(sizes.items),
    invoices: quarter(sizes.invoices),
    estimates: quarter(sizes.estimates),
    purchase_orders: quarter(sizes.purchase_orders),
    bills: quarter(sizes.bills),
  };
}
