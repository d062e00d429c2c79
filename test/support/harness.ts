import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createOAuthGateway, type OAuthGateway, type OAuthSettings } from '../../src/auth';
import { loadConfig, type Config } from '../../src/config';
import type { Logger } from '../../src/logging';
import { buildService, type Service } from '../../src/service';
import { createSimulator, type RunningSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator';
import { captureLogs } from './log-capture';

export const ADMIN_KEY = 'test-admin-key-0123456789';
export const SECRET_KEY = 'test-secret-key-0123456789abcdef';
export const REDIRECT_URI = 'http://localhost:5002/callback';

export interface SimulatorHandle {
  readonly simulator: Simulator;
  readonly running: RunningSimulator;
  /** Live-mode environment that points a qbo-cache at this simulator. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts the bundled simulator on a random loopback port, as a separate QuickBooks would be. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const simulator = createSimulator({ sizes: { customers: 60, vendors: 20, items: 40, invoices: 80 }, ...options });
  const running = await simulator.listen(0, '127.0.0.1');
  const env = {
    APP_MODE: 'live',
    QUICKBOOKS_CLIENT_ID: simulator.clientId,
    QUICKBOOKS_CLIENT_SECRET: simulator.clientSecret,
    QUICKBOOKS_REDIRECT_URI: REDIRECT_URI,
    QUICKBOOKS_API_BASE_URL: running.endpoints.apiBaseUrl,
    QUICKBOOKS_AUTHORIZE_URL: running.endpoints.authorizeUrl,
    QUICKBOOKS_TOKEN_URL: running.endpoints.tokenUrl,
    QUICKBOOKS_REVOKE_URL: running.endpoints.revokeUrl,
    SECRET_KEY,
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'debug',
  };
  return { simulator, running, env, close: () => running.close() };
}

export function tempDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qbo-cache-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ServiceHandle {
  readonly service: Service;
  readonly config: Config;
  readonly logs: ReturnType<typeof captureLogs>;
  close(): Promise<void>;
}

/** Builds the real service (not listening; drive `service.app` with supertest) on `dataDir`. */
export async function startService(
  env: Record<string, string>,
  dataDir: string,
  overrides: Record<string, string> = {},
  logger?: Logger,
): Promise<ServiceHandle> {
  const config = loadConfig({ ...env, DATA_DIR: dataDir, ...overrides });
  const logs = captureLogs();
  const service = await buildService(config, logger ?? logs.logger);
  return {
    service,
    config,
    logs,
    async close() {
      await service.stop();
      await service.close();
    },
  };
}

/** Plays the browser: follows the authorize URL to the simulator and returns the callback's query string. */
export async function authorizeInBrowser(authorizeUrl: string): Promise<string> {
  const res = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`authorize answered ${res.status}`);
  return new URL(location).search;
}

/** An OAuth gateway (real intuit-oauth) pointed at the simulator, as the service builds one. */
export function oauthGatewayFor(sim: SimulatorHandle, overrides: Partial<OAuthSettings> = {}): OAuthGateway {
  return createOAuthGateway({
    clientId: sim.simulator.clientId,
    clientSecret: sim.simulator.clientSecret,
    environment: 'sandbox',
    redirectUri: REDIRECT_URI,
    authorizeUrl: sim.running.endpoints.authorizeUrl,
    tokenUrl: sim.running.endpoints.tokenUrl,
    revokeUrl: sim.running.endpoints.revokeUrl,
    ...overrides,
  });
}
