import type { Request, RequestHandler, Response } from 'express';
import type { JsonValue } from '../json';
import type { Counters } from './counters';
import { routeLabel } from './counters';
import {
  authenticationFailedBody, authorizationFailedBody, faultBodies, gatewayErrorHtml, xmlFault,
} from './fault-bodies';

/** What an injected fault does to the request it matches. */
export type FaultKind =
  /** Answer with this status; the body defaults to what QBO/Intuit sends for it on that route. */
  | { readonly kind: 'status'; readonly status: number; readonly body?: JsonValue; readonly headers?: Readonly<Record<string, string>> }
  /** Answer normally, but `delayMs` later (on top of the global latency). */
  | { readonly kind: 'delay'; readonly delayMs: number }
  /** Destroy the socket without answering (the client sees ECONNRESET / "socket hang up"). */
  | { readonly kind: 'drop' }
  /** Answer normally but cut the body in half, keeping the JSON content type. */
  | { readonly kind: 'truncated-json' }
  /** An nginx-style HTML error page instead of JSON (default status 502). */
  | { readonly kind: 'html'; readonly status?: number }
  /** QBO's XML fault body (default: 401 General Authentication Error, code 100). */
  | { readonly kind: 'xml-fault'; readonly status?: number; readonly faultType?: string; readonly code?: string; readonly message?: string; readonly detail?: string };

export interface FaultMatch {
  /** HTTP method, any case; any method when omitted. */
  readonly method?: string;
  /** Substring of, or pattern for, the request URL (path and query string); any URL when omitted. */
  readonly path?: string | RegExp;
  /** How many matching requests the fault hits (default 1). */
  readonly times?: number;
}

export type FaultSpec = FaultKind & FaultMatch;

export interface FaultHandle {
  /** Matching requests this fault will still hit. */
  remaining(): number;
  cancel(): void;
}

interface Rule {
  readonly spec: FaultSpec;
  left: number;
}

/** Delay requested for this response by injected `delay` faults, read by the latency middleware. */
export function injectedDelay(res: Response): number {
  const value: unknown = res.locals.simulatorDelayMs;
  return typeof value === 'number' ? value : 0;
}

function matches(spec: FaultSpec, req: Request): boolean {
  if (spec.method && spec.method.toUpperCase() !== req.method) return false;
  if (spec.path === undefined) return true;
  return typeof spec.path === 'string' ? req.originalUrl.includes(spec.path) : spec.path.test(req.originalUrl);
}

function defaultStatusBody(route: string, status: number, nowMs: number): JsonValue {
  if (route === 'token' || route === 'revoke' || route === 'authorize') {
    return { error: status === 401 ? 'invalid_client' : status === 400 ? 'invalid_request' : 'server_error' };
  }
  if (status === 401) return authenticationFailedBody('Token expired: simulated fault', nowMs);
  if (status === 403) return authorizationFailedBody(nowMs);
  if (status === 429) return faultBodies.throttled(nowMs);
  if (status < 500) return faultBodies.invalidRequest('Simulated fault', nowMs);
  return faultBodies.systemError(status, nowMs);
}

/**
 * Faults for the next N matching requests, checked before anything else (auth, limits), the way a failing network
 * or gateway in front of QBO would hit a request. Rules fire in the order they were added.
 */
export function createFaultInjector(now: () => number, counters: Counters) {
  let rules: Rule[] = [];

  const apply = (spec: FaultSpec, req: Request, res: Response, next: () => void): void => {
    switch (spec.kind) {
      case 'delay':
        res.locals.simulatorDelayMs = injectedDelay(res) + spec.delayMs;
        return next();
      case 'drop':
        req.socket.destroy();
        return;
      case 'truncated-json': {
        const send = res.send.bind(res);
        res.send = (body?: unknown) => send(typeof body === 'string' ? body.slice(0, Math.max(1, Math.floor(body.length / 2))) : body);
        return next();
      }
      case 'html':
        res.status(spec.status ?? 502).type('text/html').send(gatewayErrorHtml(spec.status ?? 502));
        return;
      case 'xml-fault':
        res.status(spec.status ?? 401).type('application/xml').send(xmlFault(
          spec.faultType ?? 'AuthenticationFault', spec.code ?? '100', spec.message ?? 'General Authentication Error',
          spec.detail ?? 'AuthenticationErrorGeneral: SRV-110-Authentication Failure , statusCode: 401', now(),
        ));
        return;
      case 'status': {
        Object.entries(spec.headers ?? {}).forEach(([name, value]) => res.setHeader(name, value));
        const body = spec.body ?? defaultStatusBody(routeLabel(req.path), spec.status, now());
        res.status(spec.status);
        if (typeof body === 'string') res.type('text/plain').send(body);
        else res.json(body);
        return;
      }
    }
  };

  const middleware: RequestHandler = (req, res, next) => {
    const rule = rules.find((candidate) => candidate.left > 0 && matches(candidate.spec, req));
    if (!rule) return next();
    rule.left--;
    rules = rules.filter((candidate) => candidate.left > 0);
    counters.faultFired();
    apply(rule.spec, req, res, next);
  };

  return {
    middleware,
    inject(spec: FaultSpec): FaultHandle {
      const rule: Rule = { spec, left: Math.max(1, Math.floor(spec.times ?? 1)) };
      rules.push(rule);
      return {
        remaining: () => rule.left,
        cancel: () => {
          rule.left = 0;
          rules = rules.filter((candidate) => candidate !== rule);
        },
      };
    },
    clear(): void {
      rules.forEach((rule) => { rule.left = 0; });
      rules = [];
    },
  };
}

export type FaultInjector = ReturnType<typeof createFaultInjector>;
