import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import { AppError } from '../errors';

export interface RateLimitOptions {
  /** Requests per window per client IP (IPv6 clients are grouped by /56, express-rate-limit's default). */
  readonly limit: number;
  readonly windowMs: number;
  readonly logger: Logger;
  /** Count only the requests this answers false for (failed key attempts: README, Read keys). */
  readonly countOnly?: (req: Request, res: Response) => boolean;
}

/**
 * Admin and auth routes (README, HTTP API; search is never rate-limited), per client IP and minute:
 * - 60 for anything that changes state, talks to Intuit or QuickBooks, or belongs to the OAuth flow: every POST and
 *   DELETE, `/callback` and `/api/cache/verify`;
 * - 600 for the other admin reads (`/api/sync/:id`, history, `/api/config`, `/api/data/:entity`), which the status
 *   page polls while a sync runs (public/app.js POLL_SYNC_MS; a full sync of a large company takes minutes).
 */
export const ADMIN_RATE_LIMITS = { strict: 60, reads: 600, windowMs: 60_000 } as const;

const STRICT_GETS = new Set(['/callback', '/api/cache/verify']);

/** One middleware for both tiers (each with its own counter), so route deps keep taking a single handler. */
export function createAdminRateLimit(logger: Logger, limits: { strict: number; reads: number; windowMs: number } = ADMIN_RATE_LIMITS): RequestHandler {
  const strict = createRateLimiter({ limit: limits.strict, windowMs: limits.windowMs, logger });
  const reads = createRateLimiter({ limit: limits.reads, windowMs: limits.windowMs, logger });
  return (req, res, next) => {
    const isRead = (req.method === 'GET' || req.method === 'HEAD') && !STRICT_GETS.has(req.path);
    void (isRead ? reads : strict)(req, res, next);
  };
}

/**
 * One counter per call (per service). It runs before the admin-key check, so it also slows down guessing the key.
 * An exceeded limit is a 429 in our error shape with `Retry-After` (seconds).
 */
export function createRateLimiter(options: RateLimitOptions): RequestHandler {
  const windowSeconds = Math.ceil(options.windowMs / 1000);
  const { countOnly } = options;
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    ...(countOnly ? { skipSuccessfulRequests: true, requestWasSuccessful: (req: Request, res: Response) => !countOnly(req, res) } : {}),
    legacyHeaders: false,
    // express-rate-limit would otherwise write its configuration warnings to the console.
    logger: {
      warn: (err, message) => options.logger.warn({ err }, message ?? 'rate limiter warning'),
      error: (err, message) => options.logger.error({ err }, message ?? 'rate limiter error'),
    },
    handler: (_req, res, next) => {
      const retryAfter = res.getHeader('Retry-After');
      next(
        new AppError('rate_limited', `Too many requests to this endpoint: at most ${options.limit} every ${windowSeconds} s per client. Try again later.`, undefined, {
          'Retry-After': typeof retryAfter === 'string' || typeof retryAfter === 'number' ? String(retryAfter) : String(windowSeconds),
        }),
      );
    },
  });
}

/** Runs `first`, then `second` unless `first` answered or failed (for route deps typed as one handler). */
export function inSequence(first: RequestHandler, second: RequestHandler): RequestHandler {
  return (req, res, next) => {
    void first(req, res, (err?: unknown) => {
      if (err !== undefined) {
        next(err);
        return;
      }
      void second(req, res, next);
    });
  };
}
