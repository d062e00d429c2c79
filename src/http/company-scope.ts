import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { TokenManager } from '../auth';
import type { CacheHolder } from '../cache';
import type { SyncEngine, SyncRunView, SyncTrigger, VerifyReport } from '../sync';

/** What the routes need of one company (companies/ `Company`). */
export interface ServedCompany {
  /** Null for the stand-in that answers the unscoped routes while no company is connected. */
  readonly realmId: string | null;
  /** As QuickBooks shows it; null until it was read. */
  readonly companyName: string | null;
  readonly cache: CacheHolder;
  readonly sync: SyncEngine;
  readonly tokenManager: TokenManager;
  /** Starts (or joins) a sync; NotConnectedError (answered 409) when QuickBooks cannot be called for it. */
  startSync(mode: 'full' | 'incremental' | undefined, trigger: SyncTrigger): Promise<{ id: string; done: Promise<SyncRunView> }>;
  /** `leader` when this replica talks to QuickBooks for the company (always, on a store of its own). */
  role(): 'leader' | 'follower';
  verify(): Promise<VerifyReport>;
  /** When its scheduled refresh runs next. */
  nextRefreshAt(): Date | null;
  /** Revokes its grant at Intuit and deletes its data; null when it holds no tokens. */
  disconnect(): Promise<{ realmId: string; revoked: boolean } | null>;
}

/** The connected companies, as the routes see them. */
export interface CompanyDirectory {
  /**
   * The company a request is for: the one named (`AppError` 404 `unknown_company` when it is not connected), or
   * without a name the default company (409 `company_required` when several are connected and none is the default).
   */
  resolve(realmId: string | undefined): ServedCompany;
  /** Every connected company, in the order they were connected. */
  list(): readonly ServedCompany[];
}

/**
 * The routes (after `/api`) that exist under `/api/companies/:realmId/` as well, with their methods (README, Several
 * companies): the same handlers answer both, after resolving the company.
 */
export const COMPANY_ROUTES = {
  '/search': ['get'],
  '/search/:index': ['get'],
  '/indexes/status': ['get'],
  '/cache/status': ['get'],
  '/cache/refresh': ['post'],
  '/cache/verify': ['get'],
  '/sync/history': ['get'],
  '/data/:entity': ['get'],
  '/config': ['get'],
  '/auth/refresh': ['post'],
  '/auth/disconnect': ['post'],
} as const satisfies Record<string, readonly ('get' | 'post')[]>;

const SCOPED = new RegExp(
  `^/api/companies/([^/?]*)(${Object.keys(COMPANY_ROUTES)
    .map((route) => route.replace(/:\w+/g, '[^/?]+'))
    .join('|')})(\\?.*)?$`,
);

const scopes = new WeakMap<Request, string>();

/**
 * Rewrites `/api/companies/:realmId/<route>` to `/api/<route>` and remembers the realm for `companyOf`. Runs first,
 * on the app itself, so the rewritten URL is what the routers match (the logs keep `originalUrl`).
 */
export const companyScope: RequestHandler = (req, _res, next) => {
  if (req.url.startsWith('/api/companies/')) {
    const match = SCOPED.exec(req.url);
    if (match !== null) {
      scopes.set(req, safeDecode(match[1] ?? ''));
      req.url = `/api${match[2] ?? ''}${match[3] ?? ''}`;
    }
  }
  next();
};

/** The realm id a request named (`/api/companies/:realmId/…`), or undefined for an unscoped request. */
export function scopedRealm(req: Request): string | undefined {
  return scopes.get(req);
}

const answeredFor = new WeakMap<IncomingMessage, string>();

/** The company a request is for (see CompanyDirectory.resolve); remembered for the request's log line. */
export function companyOf(directory: CompanyDirectory, req: Request): ServedCompany {
  const company = directory.resolve(scopes.get(req));
  if (company.realmId !== null) answeredFor.set(req, company.realmId);
  return company;
}

/**
 * The realm of a request's log line: the company a route resolved (the default one for an unscoped route), else the
 * realm the URL named (an unknown one included), else undefined (no company involved).
 */
export function realmOfRequest(req: IncomingMessage): string | undefined {
  return answeredFor.get(req) ?? scopes.get(req as Request);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // malformed: no company has that id, so it answers 404 unknown_company
  }
}
