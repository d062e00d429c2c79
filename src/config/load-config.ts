import path from 'node:path';
import type { z } from 'zod';
import { DEFAULT_ENTITIES, ENTITY_NAMES, isEntityName, type EntityName } from './entities';
import { INTUIT_API_BASE_URLS } from './intuit-defaults';
import { LIVE_MODE_REQUIRED } from './live-mode';
import type { envSchema as EnvSchema, RawEnv } from './schema';
import type { AppMode, Config } from './types';

/** Thrown when the environment is invalid; `message` is the one line printed before the process stops. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly variable: string, readonly reason: string) {
    super(`Invalid configuration: ${variable} ${reason}`);
  }
}

type EnvInput = Readonly<Record<string, string | undefined>>;

/**
 * Parses and validates the environment into a frozen Config. `env` is passed in (tests build their own);
 * only `readProcessEnv()` touches process.env.
 */
export function loadConfig(env: EnvInput): Config {
  const parsed = envSchema().safeParse(withoutBlanks(env));
  if (!parsed.success) throw firstIssue(parsed.error);
  const raw = parsed.data;
  const mode = resolveMode(raw);
  if (mode === 'live') requireLiveSettings(raw);
  if (raw.DATABASE_URL !== undefined && raw.SECRET_KEY === undefined) {
    // Demo mode's generated key file belongs to one DATA_DIR: another process on the same database could not read
    // the tokens it encrypted.
    throw new ConfigError('SECRET_KEY', 'is required with DATABASE_URL: every process on the database must decrypt the same stored tokens');
  }
  if ((raw.QUICKBOOKS_REALM_ID === undefined) !== (raw.QUICKBOOKS_REFRESH_TOKEN === undefined)) {
    const missing = raw.QUICKBOOKS_REALM_ID === undefined ? 'QUICKBOOKS_REALM_ID' : 'QUICKBOOKS_REFRESH_TOKEN';
    throw new ConfigError(missing, 'is required when the other headless bootstrap variable is set');
  }
  return deepFreeze(toConfig(raw, mode));
}

function toConfig(raw: RawEnv, mode: AppMode): Config {
  return {
    mode,
    http: { port: raw.PORT, host: raw.HOST, corsOrigins: corsOrigins(raw.CORS_ORIGINS, mode), searchCacheBytes: raw.SEARCH_CACHE_MB * 1024 * 1024, searchAuth: raw.SEARCH_AUTH },
    quickbooks: {
      clientId: raw.QUICKBOOKS_CLIENT_ID,
      clientSecret: raw.QUICKBOOKS_CLIENT_SECRET,
      environment: raw.QUICKBOOKS_ENVIRONMENT,
      redirectUri: raw.QUICKBOOKS_REDIRECT_URI,
      apiBaseUrl: apiBaseUrl(raw),
      authorizeUrl: raw.QUICKBOOKS_AUTHORIZE_URL,
      tokenUrl: raw.QUICKBOOKS_TOKEN_URL,
      revokeUrl: raw.QUICKBOOKS_REVOKE_URL,
      minorVersion: raw.QUICKBOOKS_MINOR_VERSION,
      retry: {
        maxAttempts: raw.QUICKBOOKS_MAX_ATTEMPTS,
        baseDelayMs: raw.QUICKBOOKS_RETRY_BASE_DELAY_MS,
        maxDelayMs: raw.QUICKBOOKS_RETRY_MAX_DELAY_MS,
      },
      requestTimeoutMs: raw.QUICKBOOKS_REQUEST_TIMEOUT_MS,
      ...(raw.QUICKBOOKS_DEFAULT_REALM_ID === undefined ? {} : { defaultRealmId: raw.QUICKBOOKS_DEFAULT_REALM_ID }),
      bootstrap:
        raw.QUICKBOOKS_REALM_ID && raw.QUICKBOOKS_REFRESH_TOKEN
          ? { realmId: raw.QUICKBOOKS_REALM_ID, refreshToken: raw.QUICKBOOKS_REFRESH_TOKEN }
          : undefined,
      webhookVerifierToken: raw.QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN,
    },
    sharedThreadMaxRecords: raw.SHARED_THREAD_MAX_RECORDS,
    entities: entities(raw.QUICKBOOKS_ENTITIES, mode),
    secretKey: raw.SECRET_KEY,
    adminApiKey: raw.ADMIN_API_KEY,
    dataDir: path.resolve(raw.DATA_DIR),
    ...(raw.DATABASE_URL === undefined ? {} : { databaseUrl: raw.DATABASE_URL }),
    leaseTtlMs: raw.LEASE_TTL_MS,
    schedules: {
      cacheRefreshCron: raw.CACHE_REFRESH_CRON,
      tokenCheckCron: raw.TOKEN_CHECK_CRON,
      fullSyncCron: raw.FULL_SYNC_CRON,
    },
    logLevel: raw.LOG_LEVEL,
    demo: {
      seed: raw.DEMO_SEED,
      customers: raw.DEMO_CUSTOMERS,
      vendors: raw.DEMO_VENDORS,
      items: raw.DEMO_ITEMS,
      invoices: raw.DEMO_INVOICES,
      estimates: raw.DEMO_ESTIMATES,
      purchase_orders: raw.DEMO_PURCHASE_ORDERS,
      bills: raw.DEMO_BILLS,
    },
  };
}

/** `auto` is demo exactly when no Intuit app is configured (README, Modes). */
function resolveMode(raw: RawEnv): AppMode {
  if (raw.APP_MODE !== 'auto') return raw.APP_MODE;
  return raw.QUICKBOOKS_CLIENT_ID === undefined ? 'demo' : 'live';
}

function requireLiveSettings(raw: RawEnv): void {
  const missing = LIVE_MODE_REQUIRED.filter((name) => raw[name] === undefined);
  if (missing.length > 0) {
    throw new ConfigError(missing.join(', '), `${missing.length === 1 ? 'is' : 'are'} required in live mode`);
  }
}

/**
 * QUICKBOOKS_SANDBOX_BASE_URL is the name our first users' .env files carry; it is an alias. Older files also
 * included the `/v3/company` suffix, which the API client adds itself, so it is dropped here.
 */
function apiBaseUrl(raw: RawEnv): string {
  const configured = raw.QUICKBOOKS_API_BASE_URL ?? raw.QUICKBOOKS_SANDBOX_BASE_URL;
  const base = configured ?? INTUIT_API_BASE_URLS[raw.QUICKBOOKS_ENVIRONMENT];
  return base.replace(/\/+$/, '').replace(/\/v3\/company$/i, '');
}

/** Case-insensitive, spaces and duplicates tolerated (README, Configuration); an unknown name stops the process. */
function entities(value: string | undefined, mode: AppMode): readonly EntityName[] {
  if (value === undefined) return mode === 'demo' ? ENTITY_NAMES : DEFAULT_ENTITIES;
  const names = value.split(',').map((name) => name.trim().toLowerCase()).filter((name) => name.length > 0);
  const unknown = names.filter((name) => !isEntityName(name));
  if (unknown.length > 0 || names.length === 0) {
    const what = unknown.length > 0 ? `has unknown ${unknown.length === 1 ? 'entity' : 'entities'} "${unknown.join('", "')}"` : 'names no entity';
    throw new ConfigError('QUICKBOOKS_ENTITIES', `${what}; use a comma-separated list of ${ENTITY_NAMES.join(', ')}`);
  }
  return ENTITY_NAMES.filter((name) => names.includes(name));
}

function corsOrigins(value: string | undefined, mode: AppMode): readonly string[] | '*' {
  if (value === undefined) return mode === 'demo' ? '*' : [];
  if (value === '*') return '*';
  const origins = value.split(',').map((origin) => origin.trim()).filter((origin) => origin.length > 0);
  for (const origin of origins) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError('CORS_ORIGINS', `has "${origin}", which is not an origin like https://app.example.com`);
    }
  }
  return origins.map((origin) => origin.replace(/\/$/, ''));
}

/** dotenv files often carry `NAME=` for "not set": a blank value means unset, not an empty string. */
function withoutBlanks(env: EnvInput): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') out[key] = value;
  }
  return out;
}

function firstIssue(error: z.ZodError): ConfigError {
  const issue = error.issues[0];
  const variable = issue?.path.join('.') || 'environment';
  const reason = issue?.code === 'invalid_value' ? `must be one of ${issue.values.join(', ')}` : issue?.message;
  return new ConfigError(variable, reason ?? 'is invalid');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The schema (zod and cron-parser) is loaded when the environment is first read: every worker thread loads this
 * folder for ENTITY_NAMES, and a company's data thread would otherwise carry about 7 MB of validation code it never
 * runs (BENCHMARKS.md, several companies).
 */
function envSchema(): typeof EnvSchema {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at import
  return (require('./schema') as { envSchema: typeof EnvSchema }).envSchema;
}
