/**
 * How long to wait before retrying a failed QBO call. Pure functions, unit-tested.
 * - Exponential backoff with FULL jitter: uniform in [0, min(cap, base·2^(attempt-1))]. Full jitter spreads the
 *   retries of many parallel callers instead of having them return in lockstep.
 * - 429: Intuit says "wait 60 seconds before retrying" (docs/quickbooks.md#limits-and-throttling). If QBO sends
 *   `Retry-After`, we wait exactly that; otherwise a full-jitter wait over the whole cap (60 s by default). The cap
 *   bounds every wait, `Retry-After` included, so a hostile or absurd header cannot park a sync for hours, and tests
 *   can keep waits tiny.
 */

export interface RetryOptions {
  /** Total HTTP attempts per call, the first included (a 401 renewal retry is extra, see qbo-client). */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  /** Upper bound of any single wait. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000 };

export interface RetryCause {
  readonly throttled: boolean;
  /** What `Retry-After` asked for, in ms, if it was sent. */
  readonly retryAfterMs?: number;
}

/** The wait after failed attempt number `attempt` (1-based). `random` returns [0, 1). */
export function backoffDelay(attempt: number, cause: RetryCause, options: RetryOptions, random: () => number = Math.random): number {
  const cap = Math.max(0, options.maxDelayMs);
  if (cause.throttled) {
    if (cause.retryAfterMs !== undefined) return Math.min(Math.max(0, cause.retryAfterMs), cap);
    return Math.floor(random() * cap);
  }
  const exponential = options.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  return Math.floor(random() * Math.min(cap, exponential));
}

/** `Retry-After` is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3); anything else is ignored. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) || !/[a-z]/i.test(trimmed) ? undefined : Math.max(0, at - nowMs);
}

export function resolveRetryOptions(partial: Partial<RetryOptions> | undefined): RetryOptions {
  const merged = { ...DEFAULT_RETRY, ...partial };
  if (!Number.isInteger(merged.maxAttempts) || merged.maxAttempts < 1) throw new RangeError('retry.maxAttempts must be an integer ≥ 1');
  if (merged.baseDelayMs < 0 || merged.maxDelayMs < 0) throw new RangeError('retry delays must be ≥ 0');
  return merged;
}
