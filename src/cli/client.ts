/** A small HTTP client for the service's JSON API (global fetch), turning failures into operator-readable errors. */

export class CliError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

export interface ApiClient {
  get<T>(path: string, admin?: boolean): Promise<T>;
  post<T>(path: string): Promise<T>;
}

function errorCode(err: unknown): string | undefined {
  const cause = err instanceof Error ? (err as Error & { cause?: unknown }).cause : undefined;
  if (cause && typeof cause === 'object' && 'code' in cause) return String((cause as { code: unknown }).code);
  if (cause && typeof cause === 'object' && 'errors' in cause && Array.isArray((cause as { errors: unknown[] }).errors)) {
    return errorCode({ cause: (cause as { errors: unknown[] }).errors[0] } as unknown);
  }
  return undefined;
}

function serverMessage(body: unknown): string | undefined {
  if (body && typeof body === 'object' && 'message' in body && typeof (body as { message: unknown }).message === 'string') {
    return (body as { message: string }).message;
  }
  return undefined;
}

export function createClient(baseUrl: string, key: string | undefined, timeoutMs = 30_000): ApiClient {
  async function call<T>(method: 'GET' | 'POST', path: string, admin: boolean): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (admin && key) headers.Authorization = `Bearer ${key}`;
    let res: Response;
    try {
      res = await fetch(`${baseUrl}${path}`, { method, headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const code = errorCode(err);
      if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ECONNRESET') {
        throw new CliError(`The server is not running at ${baseUrl} (${code}). Start it with "npm start" or pass --url.`);
      }
      if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
        throw new CliError(`No answer from ${baseUrl} within ${timeoutMs / 1000} s`);
      }
      throw new CliError(`Could not reach ${baseUrl}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    if (res.ok) return body as T;
    const detail = serverMessage(body);
    if (res.status === 401) {
      throw new CliError(
        `Unauthorized (401): ${key ? 'the admin key was rejected' : 'this command needs the admin key'}. Pass --key <key> or set ADMIN_API_KEY.`,
        401,
        body,
      );
    }
    if (res.status === 429) {
      const retry = res.headers.get('retry-after');
      throw new CliError(`Too many requests (429)${retry ? `: retry in ${retry} s` : '; wait a moment and retry'}.`, 429, body);
    }
    throw new CliError(`${method} ${path} failed (${res.status})${detail ? `: ${detail}` : ''}`, res.status, body);
  }
  return {
    get: (path, admin = true) => call('GET', path, admin),
    post: (path) => call('POST', path, true),
  };
}
