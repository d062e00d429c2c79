import { z } from 'zod';
import cronParser from 'cron-parser';
import { DEFAULT_MINOR_VERSION, INTUIT_AUTHORIZE_URL, INTUIT_REVOKE_URL, INTUIT_TOKEN_URL } from './intuit-defaults';


const optionalText = z.string().trim().min(1).optional();

const httpUrl = z
  .string()
  .trim()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), 'must be an http(s) URL');

/**
 * A cron string as node-schedule will read it: node-schedule parses with cron-parser, so validating with the
 * same parser accepts exactly what the scheduler accepts (5 fields, or 6 with seconds).
 */
const cron = z
  .string()
  .trim()
  .refine((value) => {
    const fields = value.split(/\s+/).length;
    if (fields < 5 || fields > 6) return false;
    try {
      cronParser.parseExpression(value);
      return true;
    } catch {
      return false;
    }
  }, 'must be a cron expression with 5 fields (or 6 with seconds), e.g. "0 * * * *"');

const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

/** A PostgreSQL connection URL. Its messages never repeat the value: it holds the password. */
const postgresUrl = z
  .string()
  .trim()
  .refine((value) => URL.canParse(value) && /^postgres(ql)?:$/.test(new URL(value).protocol) && new URL(value).hostname !== '', 'must be a postgres:// URL (postgres://user:password@host:5432/database)')
  .optional();

const secret = (name: string) =>
  z.string().min(16, `${name} must be at least 16 characters (for example \`openssl rand -hex 32\`)`).optional();

/** The raw environment, one entry per variable of the README's Configuration table. */
export const envSchema = z.object({
  PORT: integer(0, 65535).default(5002),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  APP_MODE: z.enum(['auto', 'live', 'demo']).default('auto'),
  QUICKBOOKS_CLIENT_ID: optionalText,
  QUICKBOOKS_CLIENT_SECRET: optionalText,
  QUICKBOOKS_ENVIRONMENT: z.enum(['sandbox', 'production']).default('sandbox'),
  QUICKBOOKS_REDIRECT_URI: httpUrl.default('http://localhost:5002/callback'),
  QUICKBOOKS_API_BASE_URL: httpUrl.optional(),
  QUICKBOOKS_SANDBOX_BASE_URL: httpUrl.optional(),
  QUICKBOOKS_AUTHORIZE_URL: httpUrl.default(INTUIT_AUTHORIZE_URL),
  QUICKBOOKS_TOKEN_URL: httpUrl.default(INTUIT_TOKEN_URL),
  QUICKBOOKS_REVOKE_URL: httpUrl.default(INTUIT_REVOKE_URL),
  QUICKBOOKS_MINOR_VERSION: integer(1, 999).default(DEFAULT_MINOR_VERSION),
  QUICKBOOKS_MAX_ATTEMPTS: integer(1, 20).default(5),
  QUICKBOOKS_RETRY_BASE_DELAY_MS: integer(1, 60_000).default(1000),
  QUICKBOOKS_RETRY_MAX_DELAY_MS: integer(1, 600_000).default(60_000),
  QUICKBOOKS_REQUEST_TIMEOUT_MS: integer(1000, 119_000).default(60_000),
  QUICKBOOKS_REALM_ID: z.string().trim().regex(/^\d+$/, 'must be the numeric QuickBooks company id').optional(),
  QUICKBOOKS_DEFAULT_REALM_ID: z.string().trim().regex(/^\d+$/, 'must be the numeric QuickBooks company id').optional(),
  QUICKBOOKS_REFRESH_TOKEN: optionalText,
  QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: optionalText,
  /** Comma-separated entity names; checked against the known names in load-config.ts. */
  QUICKBOOKS_ENTITIES: z.string().optional(),
  SECRET_KEY: secret('SECRET_KEY'),
  ADMIN_API_KEY: secret('ADMIN_API_KEY'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_URL: postgresUrl,
  LEASE_TTL_MS: integer(3000, 600_000).default(30_000),
  CACHE_REFRESH_CRON: cron.default('0 * * * *'),
  TOKEN_CHECK_CRON: cron.default('*/5 * * * *'),
  FULL_SYNC_CRON: cron.default('30 3 * * *'),
  CORS_ORIGINS: z.string().trim().optional(),
  SEARCH_CACHE_MB: integer(0, 1024).default(16),
  SEARCH_AUTH: z.enum(['open', 'keys']).default('open'),
  SHARED_THREAD_MAX_RECORDS: integer(0, 10_000_000).default(20_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_SEED: integer(0, 2 ** 31 - 1).default(42),
  DEMO_CUSTOMERS: integer(0, 1_000_000).default(500),
  DEMO_VENDORS: integer(0, 1_000_000).default(100),
  DEMO_ITEMS: integer(0, 1_000_000).default(1000),
  DEMO_INVOICES: integer(0, 2_000_000).default(3000),
  DEMO_ESTIMATES: integer(0, 2_000_000).default(800),
  DEMO_PURCHASE_ORDERS: integer(0, 2_000_000).default(300),
  DEMO_BILLS: integer(0, 2_000_000).default(900),
});

export type RawEnv = z.infer<typeof envSchema>;
