import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

type HeaderValue = string | number | readonly string[];

/**
 * helmet's default headers, computed once. helmet 8's defaults are the same for every request (no nonces), but
 * applying them runs a chain of 13 middlewares per request; on the typeahead path that chain is measurable
 * (bench/http-search.ts, issue 6), so we replay the headers it set instead. Same headers, same values.
 */
export function createSecurityHeaders(): RequestHandler {
  const headers = new Map<string, HeaderValue>();
  const removed: string[] = [];
  let called = false;
  const probe = {
    setHeader: (name: string, value: HeaderValue) => headers.set(name, value),
    removeHeader: (name: string) => removed.push(name),
  };
  helmet()({} as IncomingMessage, probe as unknown as ServerResponse, () => {
    called = true;
  });
  if (!called || headers.size === 0) throw new Error('helmet did not set its headers synchronously; apply it per request instead');
  const entries = [...headers];
  return (_req, res, next) => {
    for (const [name, value] of entries) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name); // X-Powered-By
    next();
  };
}
