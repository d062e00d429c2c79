import type { EntityName } from './entities';

export type AppMode = 'live' | 'demo';
export type QuickBooksEnvironment = 'sandbox' | 'production';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The whole configuration, parsed once from the environment and frozen. Nothing else reads process.env. */
export interface Config {
  readonly mode: AppMode;
  readonly http: {
    readonly port: number;
    readonly host: string;
    /** Origins allowed by CORS; `'*'` means any. Empty means no cross-origin access. */
    readonly corsOrigins: readonly string[] | '*';
    /** Budget for kept typeahead answers (SEARCH_CACHE_MB); 0 turns the response cache off. */
    readonly searchCacheBytes: number;
    /** SEARCH_AUTH: `keys` makes search, index status and cache status need a read key (README, Read keys). */
    readonly searchAuth: 'open' | 'keys';
  };
  readonly quickbooks: {
    readonly clientId?: string;
    readonly clientSecret?: string;
    readonly environment: QuickBooksEnvironment;
    readonly redirectUri: string;
    /** Base of the v3 API, without `/v3/company` and without a trailing slash. */
    readonly apiBaseUrl: string;
    readonly authorizeUrl: string;
    readonly tokenUrl: string;
    readonly revokeUrl: string;
    readonly minorVersion: number;
    /** API calls: attempts per call, and full-jitter backoff (429 waits up to the cap unless Retry-After says). */
    readonly retry: { readonly maxAttempts: number; readonly baseDelayMs: number; readonly maxDelayMs: number };
    /** Per HTTP attempt; Intuit kills requests after 120 s. */
    readonly requestTimeoutMs: number;
    /** The company the unscoped routes answer for when several are connected (README, Several companies). */
    readonly defaultRealmId?: string;
    /** Headless bootstrap: used only when no token is stored yet. */
    readonly bootstrap?: { readonly realmId: string; readonly refreshToken: string };
    readonly webhookVerifierToken?: string;
  };
  /**
   * SHARED_THREAD_MAX_RECORDS: a company with at most this many records shares a data thread with other small
   * companies; a larger one has its own; 0: every company has its own (README, Several companies).
   */
  readonly sharedThreadMaxRecords: number;
  /** The cached entities (QUICKBOOKS_ENTITIES), without duplicates, in ENTITY_NAMES' order. */
  readonly entities: readonly EntityName[];
  readonly secretKey?: string;
  readonly adminApiKey?: string;
  readonly dataDir: string;
  /** DATABASE_URL: the store is PostgreSQL (several replicas share it) instead of the SQLite file in dataDir. */
  readonly databaseUrl?: string;
  /** LEASE_TTL_MS: how long a company's leader lease lasts unrenewed (README, Several replicas). */
  readonly leaseTtlMs: number;
  readonly schedules: {
    readonly cacheRefreshCron: string;
    readonly tokenCheckCron: string;
    /** The daily full sync that reconciles anything CDC missed, at a quiet hour. */
    readonly fullSyncCron: string;
  };
  readonly logLevel: LogLevel;
  /** Demo mode: the bundled simulator's company. */
  readonly demo: { readonly seed: number } & { readonly [E in EntityName]: number };
}
