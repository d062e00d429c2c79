import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { companyOf, scopedRealm, type CompanyDirectory, type ServedCompany } from './company-scope';
import { AppError } from './errors';
import { createRateLimiter } from './middleware/rate-limit';

/** Failed read-key attempts allowed per client IP and minute (then 429 `rate_limited` for a minute). */
export const FAILED_KEY_ATTEMPTS = { limit: 30, windowMs: 60_000 } as const;

export interface ReadAccessDeps {
  /** ADMIN_API_KEY: it reads every company. */
  readonly adminApiKey: string | undefined;
  /** The company a read key reads, or null (auth/read-keys.ts). */
  readonly verify: (presented: string) => string | null;
  readonly logger: Logger;
}

/** With `SEARCH_AUTH=keys`: who may read search, index status and cache status, and the limit on failed keys. */
export interface ReadAccess {
  /** Counts the request's answer against the client's failed attempts when it is a 401 or 403. */
  readonly limitFailures: RequestHandler;
  /**
   * The request's company once its key may read it. Authentication comes before lookup (README, Several companies):
   * no key or a wrong one is 401, another company's key 403, both before an unknown company's 404.
   */
  companyFor(directory: CompanyDirectory, req: Request): ServedCompany;
}

export function createReadAccess(deps: ReadAccessDeps): ReadAccess {
  const admin = deps.adminApiKey === undefined ? null : digest(deps.adminApiKey);
  const limitFailures = createRateLimiter({
    ...FAILED_KEY_ATTEMPTS,
    logger: deps.logger,
    countOnly: (_req, res) => res.statusCode === 401 || res.statusCode === 403,
  });
  return {
    limitFailures,
    companyFor(directory, req) {
      // As for admin routes, `X-API-Key` is accepted beside `Authorization: Bearer`.
      const apiKey = req.headers['x-api-key'];
      const presented = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1] ?? (typeof apiKey === 'string' && apiKey !== '' ? apiKey : undefined);
      if (presented === undefined) {
        throw new AppError('unauthorized', 'This endpoint needs a read key (Authorization: Bearer <key>)', undefined, { 'WWW-Authenticate': 'Bearer' });
      }
      if (admin !== null && timingSafeEqual(digest(presented), admin)) return companyOf(directory, req);
      const realmId = deps.verify(presented);
      if (realmId === null) {
        throw new AppError('unauthorized', 'The read key is not valid', undefined, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
      }
      const asked = scopedRealm(req);
      if (asked !== undefined && asked !== realmId) throw new AppError('forbidden', 'This read key belongs to another company');
      const company = companyOf(directory, req);
      if (company.realmId !== realmId) throw new AppError('forbidden', 'This read key belongs to another company');
      return company;
    },
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
