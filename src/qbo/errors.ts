/**
 * Typed QBO errors: the only form in which Intuit's failures leave qbo/, so no caller parses Intuit's shapes. Each
 * carries the HTTP status (when there was a response), Intuit's error code (or ours: `timeout`, `malformed_body`,
 * `ECONNRESET`…), the `intuit_tid` header for Intuit support (docs/quickbooks.md#faults), and whether retrying can
 * help.
 * They never hold an axios error, a request config or a token.
 */

export type QboErrorCategory = 'throttle' | 'auth' | 'validation' | 'server' | 'network';

export interface QboErrorInit {
  readonly message: string;
  /** HTTP status, when QBO answered. */
  readonly status?: number;
  /** Intuit's `code` (`3200`, `610`, `4000`…) or ours. */
  readonly code: string;
  readonly intuitTid?: string;
  /** `Fault.type`: ValidationFault, SystemFault, AuthenticationFault, AuthorizationFault… */
  readonly faultType?: string;
  /** Only set for throttling: what `Retry-After` asked for, in ms. */
  readonly retryAfterMs?: number;
}

export abstract class QboError extends Error {
  abstract readonly category: QboErrorCategory;
  abstract readonly retryable: boolean;
  readonly status: number | undefined;
  readonly code: string;
  readonly intuitTid: string | undefined;
  readonly faultType: string | undefined;

  constructor(init: QboErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.intuitTid = init.intuitTid;
    this.faultType = init.faultType;
  }
}

/** 429, or a ThrottleExceeded fault (code 3001) under another status (docs/quickbooks.md#limits-and-throttling). */
export class QboThrottleError extends QboError {
  override readonly name = 'QboThrottleError';
  readonly category = 'throttle';
  readonly retryable = true;
  readonly retryAfterMs: number | undefined;
  constructor(init: QboErrorInit) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** 401/403: token expired or revoked, wrong realm, or not authorized. A 401 gets one token renewal first. */
export class QboAuthError extends QboError {
  override readonly name = 'QboAuthError';
  readonly category = 'auth';
  readonly retryable = false;
}

/** 400/404 and other 4xx, or a 200 carrying a ValidationFault: the request itself is wrong; retrying won't help. */
export class QboValidationError extends QboError {
  override readonly name = 'QboValidationError';
  readonly category = 'validation';
  readonly retryable = false;
}

/** 5xx, or a 2xx whose body is not the JSON we asked for (non-JSON, truncated, wrong envelope). */
export class QboServerError extends QboError {
  override readonly name = 'QboServerError';
  readonly category = 'server';
  readonly retryable = true;
}

/** No HTTP answer: dropped connection, refused connection, or our per-request timeout (`code: 'timeout'`). */
export class QboNetworkError extends QboError {
  override readonly name = 'QboNetworkError';
  readonly category = 'network';
  readonly retryable = true;
}

export function isQboError(value: unknown): value is QboError {
  return value instanceof QboError;
}
