/**
 * Runs one logical QBO call: limiter slot per HTTP attempt, retries with backoff, one token renewal on 401.
 * Policy (README, Sync and cache; docs/quickbooks.md#retries):
 * - retryable (429, 5xx, malformed 2xx bodies, dropped connections, timeouts): up to `maxAttempts` attempts,
 *   waiting per retry-policy between them, outside the limiter;
 * - 401: exactly one `renewAfterRejection(theTokenUsed)` and one more attempt (not counted in `maxAttempts`);
 *   TokenManager single-flights the refresh, so N concurrent 401s cost one refresh grant. A second 401 is final;
 * - anything else (400 validation, 403, 404): thrown at once.
 * Every HTTP attempt is reported through `onCall`, retries included.
 */
import type { Logger } from '../logging';
import { abortReason, sleep } from './abort';
import { attempt, type AttemptContext, type CallStatus } from './attempt';
import { QboAuthError, QboThrottleError, type QboError } from './errors';
import type { HeaderBag } from './faults';
import { newInstance, type NqInvoke, type NqSettings } from './node-quickbooks-adapter';
import type { RealmLimiter } from './realm-limiter';
import { backoffDelay, type RetryOptions } from './retry-policy';

export type CallKind = 'query' | 'count' | 'cdc' | 'read';

export interface QboCallEvent {
  readonly kind: CallKind;
  readonly status: CallStatus;
  readonly durationMs: number;
}

export interface AccessTokenSource {
  getAccessToken(): Promise<string>;
  renewAfterRejection(rejectedAccessToken: string): Promise<string>;
}

export interface CallSpec<T> {
  readonly kind: CallKind;
  /** For logs: `Customer page 3`, `count Item`, `cdc Customer,Invoice`. */
  readonly label: string;
  readonly invoke: NqInvoke;
  /** Reads the 2xx body; returns a QboError (usually malformed_body) when it is not the expected envelope. */
  readonly parse: (body: object, status: number, headers: HeaderBag) => T | QboError;
}

export interface ExecutorDeps extends AttemptContext {
  readonly nq: NqSettings;
  readonly tokens: AccessTokenSource;
  readonly limiter: RealmLimiter;
  readonly retry: RetryOptions;
  readonly logger: Logger;
  readonly random: () => number;
  /** Called for every HTTP attempt (the client's counter and `deps.onCall`). */
  readonly report: (event: QboCallEvent) => void;
}

export interface ExecuteOptions {
  readonly signal?: AbortSignal;
  readonly onCall?: (event: QboCallEvent) => void;
}

export type Executor = <T>(spec: CallSpec<T>, options?: ExecuteOptions) => Promise<T>;

export function createExecutor(deps: ExecutorDeps): Executor {
  const log = deps.logger;

  /** A throwing listener must not turn a good answer into a failed call. */
  const notify = (listener: (event: QboCallEvent) => void, event: QboCallEvent) => {
    try {
      listener(event);
    } catch (err) {
      log.error({ err }, 'onCall listener threw');
    }
  };

  const once = async <T>(spec: CallSpec<T>, token: string, options: ExecuteOptions): Promise<T | QboError> => {
    const result = await deps.limiter.run(async () => {
      const started = deps.now();
      const outcome = await attempt(deps, newInstance(deps.nq, token), spec.invoke, options.signal);
      const event: QboCallEvent = { kind: spec.kind, status: outcome.status, durationMs: deps.now() - started };
      notify(deps.report, event);
      if (options.onCall) notify(options.onCall, event);
      return outcome;
    }, options.signal);
    if (result.outcome === 'aborted') throw abortReason(options.signal as AbortSignal);
    if (result.outcome === 'failed') return result.error;
    return spec.parse(result.data as object, result.status, result.headers);
  };

  return async function execute<T>(spec: CallSpec<T>, options: ExecuteOptions = {}): Promise<T> {
    const { signal } = options;
    let renewedToken: string | undefined;
    for (let attemptNo = 1; ; attemptNo += 1) {
      if (signal?.aborted) throw abortReason(signal);
      // Asked per attempt: after a long backoff the token manager may hold a newer token (its 10-minute buffer).
      const token = renewedToken ?? (await deps.tokens.getAccessToken());
      const result = await once(spec, token, options);
      if (!(result instanceof Error)) return result;
      const error: QboError = result;
      const fields = { call: spec.label, attempt: attemptNo, status: error.status, code: error.code, intuit_tid: error.intuitTid };
      if (error instanceof QboAuthError && error.status === 401 && renewedToken === undefined) {
        attemptNo -= 1; // the renewal retry is not a backoff attempt
        log.info(fields, 'QuickBooks rejected the access token; renewing it once');
        renewedToken = await deps.tokens.renewAfterRejection(token);
        continue;
      }
      if (!error.retryable || attemptNo >= deps.retry.maxAttempts) {
        // warn, not error: the caller decides whether this failure matters (a sync fails, a verify reports it).
        log.warn({ ...fields, category: error.category, err: error }, 'QuickBooks call failed; giving up');
        throw error;
      }
      const throttle = error instanceof QboThrottleError ? { throttled: true, retryAfterMs: error.retryAfterMs } : { throttled: false };
      const delayMs = backoffDelay(attemptNo, throttle, deps.retry, deps.random);
      log.warn({ ...fields, category: error.category, delay_ms: delayMs }, 'QuickBooks call failed; retrying');
      await sleep(delayMs, signal);
    }
  };
}
