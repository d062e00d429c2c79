import type { Express } from 'express';
import type { Logger } from 'pino';
import type { SimEntity, SimNameList } from './entities';
import type { CompanySizes } from './generator/generate-company';
import type { FaultHandle, FaultSpec } from './http/fault-injection';
import type { SimulatorCounters } from './http/counters';
import type { JsonObject } from './json';

export interface SimulatorOptions {
  /** Seed of the generated company (default 42). Same seed and sizes → byte-identical company (same clock day). */
  readonly seed?: number;
  /** Records per entity, fixtures included (default 500 / 100 / 1000 / 3000). */
  readonly sizes?: Partial<CompanySizes>;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly realmId?: string;
  /**
   * More companies the same Intuit user can connect, each generated from its own seed and sizes (default: the first
   * company's). The first company (`realmId`) is the one an authorization grants unless `connectNextTo` says otherwise.
   */
  readonly moreCompanies?: readonly { readonly realmId: string; readonly seed?: number; readonly sizes?: Partial<CompanySizes>; readonly companyName?: string }[];
  /** The first company's CompanyInfo.CompanyName (default: Intuit's US sandbox company's name). */
  readonly companyName?: string;
  /** Registered redirect URIs; empty or undefined accepts any http(s) URI. */
  readonly redirectUris?: readonly string[];
  readonly accessTokenTtlSeconds?: number;
  readonly refreshTokenTtlSeconds?: number;
  readonly refreshTokenHardTtlSeconds?: number;
  /** Per-realm API limits (docs/quickbooks.md#limits-and-throttling; default 10 in flight, 500 per sliding minute). */
  readonly limits?: { readonly maxInFlight?: number; readonly perMinute?: number };
  /** Added to every response except control routes (default 0). */
  readonly latencyMs?: number;
  /** Serve the control API under `/__control` (default false: those paths are 404). */
  readonly controlOverHttp?: boolean;
  /** Clock in epoch ms (default Date.now): token expiry, limits, MetaData times and the generated history use it. */
  readonly now?: () => number;
  /** Default: silent. Tokens, codes and secrets are never logged. */
  readonly logger?: Logger;
}

export interface SimulatorEndpoints {
  /** Base of the API: `${apiBaseUrl}/v3/company/{realmId}/…`; node-quickbooks' `endpoint` is `${apiBaseUrl}/v3/company/`. */
  readonly apiBaseUrl: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
}

export interface RunningSimulator {
  /** e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  readonly port: number;
  readonly endpoints: SimulatorEndpoints;
  /** Stops listening and destroys open (keep-alive) sockets. */
  close(): Promise<void>;
}

export interface SimulatorControl {
  /** A copy of the record as the API would return it, or undefined (also for deleted records). */
  getRecord(entity: SimEntity, id: string): JsonObject | undefined;
  /** Number of records (active and inactive) of an entity. */
  countRecords(entity: SimEntity): number;
  /** Creates a record with the next Id; QBO's defaults and the hierarchy fields are filled in. */
  addRecord(entity: SimEntity, fields: JsonObject): JsonObject;
  /** Partial update: objects merge, arrays replace, `null` removes; SyncToken + 1, LastUpdatedTime = now. */
  updateRecord(entity: SimEntity, id: string, patch: JsonObject): JsonObject;
  /** Sets `Active: false` on a Customer, Vendor or Item (QBO's "delete" of a name-list record). */
  deactivateRecord(entity: SimNameList, id: string): JsonObject;
  /** Removes a record; CDC reports it as `status: "Deleted"`. */
  deleteRecord(entity: SimEntity, id: string): void;
  /** Expires one access token (or all); returns how many were still valid. */
  expireAccessTokens(accessToken?: string): number;
  /** Invalidates one current refresh token (or all): the next refresh gets `invalid_grant`. */
  revokeRefreshTokens(refreshToken?: string): number;
  /** The next `count` authorizations redirect with `error=access_denied`. */
  denyNextAuthorizations(count?: number): void;
  /** The simulated user picks this company at the next authorization (default: the first company). */
  connectNextTo(realmId: string): void;
  injectFault(spec: FaultSpec): FaultHandle;
  clearFaults(): void;
  setLatency(ms: number): void;
  counters(): SimulatorCounters;
  /** Resets the counters (and the peak in-flight figure); the data and tokens are untouched. */
  resetCounters(): void;
}

export interface Simulator {
  /** The Express app, not listening (supertest can use it directly). */
  readonly app: Express;
  listen(port?: number, host?: string): Promise<RunningSimulator>;
  /** The first company's records, and everything shared by the companies (tokens, faults, counters, latency). */
  readonly control: SimulatorControl;
  /** The same control, with the records of that company (SimulatorControlError for an unknown realm). */
  controlOf(realmId: string): SimulatorControl;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The first company's realm id. */
  readonly realmId: string;
  /** Every company's realm id, the first company first. */
  readonly realmIds: readonly string[];
}
