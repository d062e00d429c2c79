/**
 * Per-request timeout, cancellation and response capture for node-quickbooks, which sets no timeout and sends
 * every request through the GLOBAL axios instance with no way to pass options (docs/quickbooks.md#node-quickbooks).
 *
 * How: each client installs one request and one response interceptor on the axios instance node-quickbooks
 * itself loads, and keeps its own AsyncLocalStorage. An attempt runs the node-quickbooks call inside `run(scope)`;
 * axios runs interceptors in promise continuations of that call, so `getStore()` there returns the attempt's
 * scope. The request interceptor attaches the attempt's AbortSignal (aborted by our timer or the caller) only when
 * the request belongs to this client (URL under `<apiBaseUrl>/v3/company/<realmId>/` AND inside our scope); every
 * other axios user in the process (intuit-oauth, other realms) is untouched. The response interceptor records
 * status, headers and body of 2xx answers, which node-quickbooks' query path otherwise swallows (needed for
 * `intuit_tid` and to recognise non-JSON or truncated bodies).
 * The storage is disabled whenever no attempt is in flight, so between syncs nothing else pays for it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import type { HeaderBag } from './faults';

export interface CapturedResponse {
  readonly status: number;
  readonly headers: HeaderBag;
  readonly data: unknown;
}

export interface AttemptScope {
  readonly signal: AbortSignal;
  /** Set by the request interceptor: proves the signal reached axios. */
  requestSeen: boolean;
  /** The 2xx response, set by the response interceptor. */
  response?: CapturedResponse;
}

export interface HttpScope {
  /** Runs one attempt's node-quickbooks call inside its scope, until the promise settles. */
  run<T>(scope: AttemptScope, fn: () => Promise<T>): Promise<T>;
  /** Removes the interceptors (clients are per realm and long-lived; tests close theirs). */
  close(): void;
}

interface RequestConfigLike {
  url?: string;
  signal?: unknown;
}

interface ResponseLike {
  status: number;
  headers?: unknown;
  data?: unknown;
  config?: RequestConfigLike;
}

/** The slice of axios' interface used here; axios' own types are not needed (it is node-quickbooks' dependency). */
interface AxiosInterceptorsLike {
  interceptors: {
    request: { use(onFulfilled: (config: RequestConfigLike) => RequestConfigLike): number; eject(id: number): void };
    response: { use(onFulfilled: (response: ResponseLike) => ResponseLike): number; eject(id: number): void };
  };
}

/**
 * The very axios module node-quickbooks requires: resolved from node-quickbooks' own directory and loaded with our
 * module's `require`, so Node's (or jest's) module registry hands back the same instance node-quickbooks holds.
 */
function nodeQuickBooksAxios(): AxiosInterceptorsLike {
  const nodeQuickBooksDir = path.dirname(require.resolve('node-quickbooks'));
  const axiosPath = require.resolve('axios', { paths: [nodeQuickBooksDir] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a resolved path, not a package import
  const loaded: unknown = require(axiosPath);
  const candidate = (loaded as { default?: unknown }).default ?? loaded;
  const interceptors = (candidate as Partial<AxiosInterceptorsLike> | null)?.interceptors;
  if (typeof interceptors?.request?.use !== 'function' || typeof interceptors.response?.use !== 'function') {
    throw new Error(`node-quickbooks' axios (${axiosPath}) has no interceptors: cannot enforce request timeouts`);
  }
  return candidate as AxiosInterceptorsLike;
}

export function createHttpScope(urlPrefix: string): HttpScope {
  const axios = nodeQuickBooksAxios();
  const storage = new AsyncLocalStorage<AttemptScope>();
  const ours = (url: unknown): boolean => typeof url === 'string' && url.startsWith(urlPrefix);

  const requestId = axios.interceptors.request.use((config) => {
    const scope = storage.getStore();
    if (scope && ours(config.url)) {
      config.signal = scope.signal;
      scope.requestSeen = true;
    }
    return config;
  });
  const responseId = axios.interceptors.response.use((response) => {
    const scope = storage.getStore();
    if (scope && ours(response.config?.url)) {
      scope.response = {
        status: response.status,
        headers: (typeof response.headers === 'object' && response.headers !== null ? response.headers : undefined) as HeaderBag,
        data: response.data,
      };
    }
    return response;
  });

  // An enabled AsyncLocalStorage makes Node 20 track every promise and tick of the process (~15 µs a search
  // request, bench/http-search.ts profile), so the storage is enabled only while an attempt is in flight.
  let inFlight = 0;
  const release = () => {
    inFlight -= 1;
    if (inFlight === 0) storage.disable();
  };

  return {
    run(scope, fn) {
      inFlight += 1;
      let result: Promise<unknown>;
      try {
        result = storage.run(scope, fn);
      } catch (error) {
        release();
        throw error;
      }
      return result.finally(release) as ReturnType<typeof fn>;
    },
    close() {
      axios.interceptors.request.eject(requestId);
      axios.interceptors.response.eject(responseId);
    },
  };
}
