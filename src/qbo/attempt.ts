/**
 * One HTTP attempt through node-quickbooks, with a hard deadline and the caller's AbortSignal, turned into a typed
 * outcome. What node-quickbooks hands back on failure (docs/quickbooks.md#node-quickbooks): the raw AxiosError for
 * non-2xx and network errors; the body object for a 200 carrying `Fault`; on its query path, a TypeError when the 2xx
 * body was not JSON (it reads `data.QueryResponse` of a string). The response interceptor (http-scope) tells those
 * cases apart.
 */
import { QboNetworkError, type QboError } from './errors';
import { errorFromResponse, malformedBody, parseFault, type HeaderBag } from './faults';
import type { AttemptScope, HttpScope } from './http-scope';
import { callOnce, type NqInstance, type NqInvoke } from './node-quickbooks-adapter';

export type CallStatus = number | 'network' | 'timeout';

export type AttemptResult =
  | { readonly outcome: 'ok'; readonly status: number; readonly data: unknown; readonly headers: HeaderBag }
  | { readonly outcome: 'failed'; readonly status: CallStatus; readonly error: QboError }
  | { readonly outcome: 'aborted'; readonly status: CallStatus };

export interface AttemptContext {
  readonly scope: HttpScope;
  readonly timeoutMs: number;
  readonly now: () => number;
  /** Called when a request went out without our interceptor seeing it (no timeout applied): a wiring fault. */
  readonly onUnguarded?: () => void;
}

interface AxiosErrorLike {
  readonly isAxiosError: true;
  readonly code?: string;
  readonly message?: string;
  readonly response?: { readonly status: number; readonly data?: unknown; readonly headers?: unknown };
}

function isAxiosError(value: unknown): value is AxiosErrorLike {
  return typeof value === 'object' && value !== null && (value as { isAxiosError?: unknown }).isAxiosError === true;
}

const asHeaders = (value: unknown): HeaderBag =>
  typeof value === 'object' && value !== null ? (value as Readonly<Record<string, unknown>>) : undefined;

/** A 2xx body: the JSON object we asked for, or (XML/JSON) fault text, or garbage. */
function fromSuccessBody(status: number, data: unknown, headers: HeaderBag, now: number): AttemptResult {
  const fault = parseFault(data);
  if (fault && fault.errors.length > 0) return { outcome: 'failed', status, error: errorFromResponse({ status, body: data, headers }, now) };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    const what = typeof data === 'string' ? (data.length === 0 ? 'empty body' : 'not JSON') : `a JSON ${Array.isArray(data) ? 'array' : typeof data}`;
    return { outcome: 'failed', status, error: malformedBody(status, headers, what) };
  }
  return { outcome: 'ok', status, data, headers };
}

function classify(err: unknown, data: unknown, scope: AttemptScope, now: number): AttemptResult {
  const captured = scope.response;
  if (err === null) {
    return fromSuccessBody(captured?.status ?? 200, captured ? captured.data : data, captured?.headers, now);
  }
  if (isAxiosError(err)) {
    const response = err.response;
    if (response) {
      const headers = asHeaders(response.headers);
      return { outcome: 'failed', status: response.status, error: errorFromResponse({ status: response.status, body: response.data, headers }, now) };
    }
    // ECONNRESET, "socket hang up" (code ECONNRESET), ECONNREFUSED, EPIPE…: no answer, worth retrying.
    const code = err.code ?? 'network';
    return { outcome: 'failed', status: 'network', error: new QboNetworkError({ code, message: `QuickBooks request failed without a response (${code}: ${err.message ?? ''})` }) };
  }
  if (captured) return fromSuccessBody(captured.status, captured.data, captured.headers, now);
  // A 200 with Fault whose response the interceptor did not see (should not happen): still typed.
  if (parseFault(err)) return { outcome: 'failed', status: 200, error: errorFromResponse({ status: 200, body: err, headers: undefined }, now) };
  throw err; // a programming error inside node-quickbooks or here: not QBO's answer, don't disguise it
}

/** Runs one attempt: never rejects for QBO's or the network's failures, only reports them. */
export async function attempt(ctx: AttemptContext, qb: NqInstance, invoke: NqInvoke, signal?: AbortSignal): Promise<AttemptResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ctx.timeoutMs);
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const scope: AttemptScope = { signal: controller.signal, requestSeen: false };
  try {
    const { err, data } = await ctx.scope.run(scope, () => callOnce(qb, invoke));
    if (timedOut) {
      const error = new QboNetworkError({ code: 'timeout', message: `QuickBooks did not answer within ${ctx.timeoutMs} ms` });
      return { outcome: 'failed', status: 'timeout', error };
    }
    if (signal?.aborted) return { outcome: 'aborted', status: scope.response?.status ?? 'network' };
    if (!scope.requestSeen) ctx.onUnguarded?.();
    return classify(err, data, scope, ctx.now());
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
