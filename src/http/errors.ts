/**
 * Every error the API answers with, in one registry: the code is part of the API (README, Error codes),
 * the status is its HTTP status, and the message is written for the caller. A test checks each code is
 * documented in the README.
 */
export const ERROR_CODES = {
  bad_request: 400,
  invalid_query: 400,
  invalid_state: 400,
  authorization_denied: 400,
  unauthorized: 401,
  invalid_signature: 401,
  forbidden: 403,
  not_found: 404,
  unknown_index: 404,
  unknown_company: 404,
  method_not_allowed: 405,
  conflict: 409,
  not_connected: 409,
  reconnect_required: 409,
  company_required: 409,
  not_leader: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  not_implemented: 501,
  quickbooks_error: 502,
  cache_not_ready: 503,
  shutting_down: 503,
  store_unavailable: 503,
  leader_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra fields merged into the JSON body (e.g. `available_indexes`); never secrets. */
    readonly details?: Readonly<Record<string, unknown>>,
    /** Extra response headers, e.g. `Retry-After`. */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.status = ERROR_CODES[code];
  }
}

export const isAppError = (value: unknown): value is AppError => value instanceof AppError;
