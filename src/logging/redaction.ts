/**
 * What must never reach a log line: credentials in headers and any token-, secret- or key-shaped field,
 * at the depths where our code and the client libraries put them.
 */
const SECRET_FIELDS = [
  'authorization',
  'Authorization',
  'cookie',
  'x-api-key',
  'intuit-signature',
  'access_token',
  'refresh_token',
  'accessToken',
  'refreshToken',
  'id_token',
  'client_secret',
  'clientSecret',
  'secretKey',
  'adminApiKey',
  'password',
  'token',
];

const PREFIXES = ['', '*.', '*.*.', 'req.headers.', 'res.headers.', 'headers.', 'err.config.headers.'];

export const REDACT_PATHS: string[] = PREFIXES.flatMap((prefix) =>
  SECRET_FIELDS.map((field) => (/^[A-Za-z_$][\w$]*$/.test(field) ? `${prefix}${field}` : `${prefix}["${field}"]`)),
).map((p) => p.replace(/\.\["/g, '["'));

export const REDACTED = '[redacted]';

/** Query-string parameters that carry secrets (the OAuth callback's `code`, a `state`, tokens). */
const SECRET_QUERY_PARAMS = /([?&](?:code|state|token|access_token|refresh_token|client_secret)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY_PARAMS, `$1${REDACTED}`);
}
