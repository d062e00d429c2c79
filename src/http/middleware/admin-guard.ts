import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from '../errors';

/**
 * Admin endpoints need the admin key as `Authorization: Bearer <key>` or `X-API-Key: <key>` (README, HTTP API).
 * Both sides are hashed first so the constant-time comparison also hides the key's length. With no key
 * configured (allowed only in demo mode; live mode refuses to start) admin endpoints are open.
 */
export function createAdminGuard(adminApiKey: string | undefined): RequestHandler {
  if (adminApiKey === undefined) return (_req, _res, next) => next();
  const expected = digest(adminApiKey);
  return (req, _res, next) => {
    const presented = presentedKey(req.headers.authorization, req.headers['x-api-key']);
    if (presented === undefined) {
      next(new AppError('unauthorized', 'This endpoint needs the admin key (Authorization: Bearer <key> or X-API-Key)', undefined, { 'WWW-Authenticate': 'Bearer' }));
      return;
    }
    if (!timingSafeEqual(digest(presented), expected)) {
      next(new AppError('unauthorized', 'The admin key is not valid', undefined, { 'WWW-Authenticate': 'Bearer error="invalid_token"' }));
      return;
    }
    next();
  };
}

function presentedKey(authorization: string | undefined, apiKey: string | string[] | undefined): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
  if (bearer) return bearer;
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : undefined;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
