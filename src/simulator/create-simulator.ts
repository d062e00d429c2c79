import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createRequestLimits } from './api/request-limits';
import { createCompanyStore, type CompanyStore } from './company-store';
import { SimulatorControlError } from './record-defaults';
import { createControl } from './control';
import { createSimulatorApp } from './create-app';
import { generateCompany } from './generator/generate-company';
import { createCounters } from './http/counters';
import { faultBodies } from './http/fault-bodies';
import { createFaultInjector } from './http/fault-injection';
import { createLatency } from './http/latency';
import { createConsentQueue } from './oauth/authorize-route';
import { createOAuthState } from './oauth/oauth-state';
import type { RunningSimulator, Simulator, SimulatorOptions } from './types';

export const SIMULATOR_DEFAULTS = {
  seed: 42,
  sizes: { customers: 500, vendors: 100, items: 1000, invoices: 3000, estimates: 800, purchase_orders: 300, bills: 900 },
  clientId: 'sim-client-id',
  clientSecret: 'sim-client-secret',
  realmId: '9341453050000000',
  companyName: "Craig's Design and Landscaping Services",
  accessTokenTtlSeconds: 3600,
  // 101 days, the `x_refresh_token_expires_in` Intuit sends (docs/quickbooks.md#token-endpoint).
  refreshTokenTtlSeconds: 8_726_400,
  // The five-year hard cap (docs/quickbooks.md#token-lifetimes-and-rotation).
  refreshTokenHardTtlSeconds: 5 * 365 * 86_400,
  limits: { maxInFlight: 10, perMinute: 500 },
} as const;

/**
 * Builds the simulator: a generated company (and `moreCompanies`, each its own), Intuit-shaped OAuth, the v3 API and
 * the control hooks.
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? pino({ level: 'silent' });
  const clientId = options.clientId ?? SIMULATOR_DEFAULTS.clientId;
  const clientSecret = options.clientSecret ?? SIMULATOR_DEFAULTS.clientSecret;
  const realmId = options.realmId ?? SIMULATOR_DEFAULTS.realmId;
  // A size given as undefined (an unset CLI flag) keeps its default rather than becoming undefined.
  const given = Object.fromEntries(Object.entries(options.sizes ?? {}).filter(([, value]) => value !== undefined));
  const sizes = { ...SIMULATOR_DEFAULTS.sizes, ...given };

  const store = createCompanyStore(generateCompany(options.seed ?? SIMULATOR_DEFAULTS.seed, sizes, now()), now);
  const stores = new Map<string, CompanyStore>([[realmId, store]]);
  for (const more of options.moreCompanies ?? []) {
    const moreSizes = { ...sizes, ...Object.fromEntries(Object.entries(more.sizes ?? {}).filter(([, value]) => value !== undefined)) };
    stores.set(more.realmId, createCompanyStore(generateCompany(more.seed ?? options.seed ?? SIMULATOR_DEFAULTS.seed, moreSizes, now()), now));
  }
  const realmIds = [...stores.keys()];
  const companyNames = new Map<string, string>([
    [realmId, options.companyName ?? SIMULATOR_DEFAULTS.companyName],
    ...(options.moreCompanies ?? []).map((more, n) => [more.realmId, more.companyName ?? `Simulated Company ${n + 2}`] as const),
  ]);
  const counters = createCounters();
  const oauth = createOAuthState({
    realmId,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? SIMULATOR_DEFAULTS.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? SIMULATOR_DEFAULTS.refreshTokenTtlSeconds,
    refreshTokenHardTtlSeconds: options.refreshTokenHardTtlSeconds ?? SIMULATOR_DEFAULTS.refreshTokenHardTtlSeconds,
    now,
  });
  const consent = createConsentQueue();
  const faults = createFaultInjector(now, counters);
  const latency = createLatency(options.latencyMs ?? 0);
  const limits = createRequestLimits(
    { ...SIMULATOR_DEFAULTS.limits, ...options.limits },
    now,
    (_req, res) => { res.status(429).json(faultBodies.throttled(now())); },
  );
  const controlDeps = { realmIds, oauth, consent, faults, counters, limits, latency };
  const control = createControl({ store, ...controlDeps });
  const controls = new Map(realmIds.map((id) => [id, id === realmId ? control : createControl({ store: stores.get(id) as CompanyStore, ...controlDeps })]));
  const app = createSimulatorApp({
    settings: { clientId, clientSecret, realmId, redirectUris: options.redirectUris ?? [], controlOverHttp: options.controlOverHttp ?? false },
    storeOf: (id) => stores.get(id), companyNameOf: (id) => companyNames.get(id), oauth, consent, faults, counters, limits, latency, control, logger, now,
  });

  return {
    app,
    control,
    controlOf(id) {
      const found = controls.get(id);
      if (!found) throw new SimulatorControlError(`no company ${id}; the simulator has ${realmIds.join(', ')}`);
      return found;
    },
    clientId,
    clientSecret,
    realmId,
    realmIds,
    async listen(port = 0, host = '127.0.0.1'): Promise<RunningSimulator> {
      const server = createServer(app);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => { server.off('error', reject); resolve(); });
      });
      const address = server.address() as AddressInfo;
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      const url = `http://${shownHost}:${address.port}`;
      logger.info({ url, company_id: realmId }, 'QuickBooks simulator listening');
      return {
        url,
        port: address.port,
        endpoints: {
          apiBaseUrl: url,
          authorizeUrl: `${url}/connect/oauth2`,
          tokenUrl: `${url}/oauth2/v1/tokens/bearer`,
          revokeUrl: `${url}/v2/oauth2/tokens/revoke`,
        },
        close: () => new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive sockets would hold the process (and jest) open.
          server.closeAllConnections();
        }),
      };
    },
  };
}
