/**
 * Intuit's fault bodies → typed errors. Three envelopes exist (docs/quickbooks.md#faults):
 * - `{"Fault":{"Error":[{"Message","Detail","code","element"}],"type":"ValidationFault"}}` (most errors, also on a 200);
 * - `{"fault":{"error":[{"message","detail","code"}],"type":"AUTHENTICATION"}, …}` (401 expired token);
 * - XML `<Fault type="AuthenticationFault"><Error code="100"><Message>…` even when JSON was asked for (wrong realm/token).
 */
import {
  QboAuthError,
  QboNetworkError,
  QboServerError,
  QboThrottleError,
  QboValidationError,
  type QboError,
  type QboErrorInit,
} from './errors';
import { parseRetryAfter } from './retry-policy';

export interface FaultEntry {
  readonly message?: string;
  readonly detail?: string;
  readonly code?: string;
}

export interface Fault {
  readonly type?: string;
  readonly errors: readonly FaultEntry[];
}

/** A header bag as axios hands it over (AxiosHeaders or a plain object); names compared case-insensitively. */
export type HeaderBag = Readonly<Record<string, unknown>> | undefined;

export function headerValue(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

const asString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

function fromJson(body: Record<string, unknown>): Fault | undefined {
  const envelope = (body.Fault ?? body.fault) as Record<string, unknown> | null | undefined;
  if (typeof envelope !== 'object' || envelope === null) return undefined;
  const list = envelope.Error ?? envelope.error;
  const errors = (Array.isArray(list) ? list : []).map((raw: unknown): FaultEntry => {
    const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    return {
      message: asString(entry.Message ?? entry.message),
      detail: asString(entry.Detail ?? entry.detail),
      code: asString(entry.code ?? entry.Code),
    };
  });
  return { type: asString(envelope.type ?? envelope.Type), errors };
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlText(text: string | undefined): string | undefined {
  return text?.replace(/&(amp|lt|gt|quot|apos);/g, (_m, name: string) => XML_ENTITIES[name] ?? '').trim();
}

/** Enough of XML for Intuit's fault documents; a full parser would be a dependency for one rare shape. */
function fromXml(xml: string): Fault | undefined {
  const fault = /<(?:\w+:)?Fault\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?Fault>/i.exec(xml);
  if (!fault) return undefined;
  const [, attributes = '', inner = ''] = fault;
  const errors: FaultEntry[] = [];
  for (const match of inner.matchAll(/<(?:\w+:)?Error\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?Error>/gi)) {
    const [, errorAttributes = '', body = ''] = match;
    errors.push({
      code: /\bcode="([^"]*)"/i.exec(errorAttributes)?.[1],
      message: xmlText(/<(?:\w+:)?Message>([\s\S]*?)<\//i.exec(body)?.[1]),
      detail: xmlText(/<(?:\w+:)?Detail>([\s\S]*?)<\//i.exec(body)?.[1]),
    });
  }
  return { type: /\btype="([^"]*)"/i.exec(attributes)?.[1], errors };
}

/** The fault in a response body (object, JSON text or XML text), or undefined when there is none. */
export function parseFault(body: unknown): Fault | undefined {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return fromJson(body as Record<string, unknown>);
  if (typeof body !== 'string') return undefined;
  const trimmed = body.trim();
  if (trimmed.startsWith('<')) return fromXml(trimmed);
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return typeof parsed === 'object' && parsed !== null ? fromJson(parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface FailedResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: HeaderBag;
}

/** `ThrottleExceeded; errorCode=003001` can come under 429 or 403 (docs/quickbooks.md#limits-and-throttling). */
function isThrottle(status: number, entry: FaultEntry | undefined): boolean {
  return status === 429 || entry?.code === '3001' || entry?.code === '003001' || /ThrottleExceeded/i.test(entry?.message ?? '');
}

const AUTH_FAULT = /^(authentication(fault)?|authorization(fault)?)$/i;
const MAX_DETAIL = 300;

function describe(status: number, entry: FaultEntry | undefined, withDetail: boolean): string {
  const parts = [entry?.message, withDetail ? entry?.detail?.slice(0, MAX_DETAIL) : undefined].filter(Boolean);
  return `QuickBooks answered ${status}${entry?.code ? ` (code ${entry.code})` : ''}${parts.length ? `: ${parts.join(' — ')}` : ''}`;
}

/** A response that is an error: a non-2xx status, or a 2xx carrying a `Fault`. */
export function errorFromResponse(response: FailedResponse, nowMs: number = Date.now()): QboError {
  const { status, body, headers } = response;
  const fault = parseFault(body);
  const entry = fault?.errors[0];
  const base = { status, code: entry?.code ?? `http_${status}`, intuitTid: headerValue(headers, 'intuit_tid'), faultType: fault?.type };
  if (isThrottle(status, entry)) {
    const retryAfterMs = parseRetryAfter(headerValue(headers, 'retry-after'), nowMs);
    return new QboThrottleError({ ...base, message: describe(status, entry, false), retryAfterMs });
  }
  // Auth details can echo the token ("Token expired: AB0173…"): never copied into the message.
  if (status === 401 || status === 403 || AUTH_FAULT.test(fault?.type ?? '')) {
    return new QboAuthError({ ...base, message: describe(status, entry, false) });
  }
  if (status >= 500 || /^SystemFault$/i.test(fault?.type ?? '')) {
    return new QboServerError({ ...base, message: describe(status, entry, true) });
  }
  if (status === 408) return new QboNetworkError({ ...base, message: describe(status, entry, false) });
  return new QboValidationError({ ...base, message: describe(status, entry, true) });
}

/** A 2xx whose body is not the JSON envelope asked for: retried like a 5xx (truncated or garbled responses). */
export function malformedBody(status: number, headers: HeaderBag, what: string): QboServerError {
  const init: QboErrorInit = {
    status,
    code: 'malformed_body',
    intuitTid: headerValue(headers, 'intuit_tid'),
    message: `QuickBooks answered ${status} with a malformed body (${what})`,
  };
  return new QboServerError(init);
}
