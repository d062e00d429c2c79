import { ERROR_CODES, type ErrorCode } from '../errors';
import { ref, type SCHEMAS } from './schemas';
import type { JsonSchema, ParameterObject, ResponseObject } from './types';

export const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

export const ok = (description: string, schema: keyof typeof SCHEMAS): ResponseObject => ({ description, content: json(ref(schema)) });

/** A GET answered with a weak `ETag`: `If-None-Match` with it answers 304 while the answer is unchanged. */
export const IF_NONE_MATCH: ParameterObject = {
  name: 'If-None-Match',
  in: 'header',
  description: 'The `ETag` of an earlier answer: `304` while it is still the answer.',
  schema: { type: 'string' },
};

export const withETag = (answer: ResponseObject): Record<'200' | '304', ResponseObject> => ({
  '200': { ...answer, headers: { ETag: { description: 'Identifies this answer (weak)', schema: { type: 'string' } } } },
  '304': { description: 'The answer is still the one `If-None-Match` names; no body' },
});

const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } } };

/** Error responses by status, each body an `Error` whose `error` is one of `codes`. */
export function errors(...codes: readonly ErrorCode[]): Record<string, ResponseObject> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of [...codes, 'internal_error' as const]) {
    const list = byStatus.get(ERROR_CODES[code]) ?? [];
    if (!list.includes(code)) list.push(code);
    byStatus.set(ERROR_CODES[code], list);
  }
  const responses: Record<string, ResponseObject> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const retry = list.some((code) => code === 'rate_limited' || code === 'cache_not_ready');
    responses[String(status)] = {
      description: list.map((code) => `\`${code}\``).join(', '),
      ...(retry ? { headers: RETRY_AFTER } : {}),
      content: json({ ...ref('Error'), properties: { error: { enum: list } } }),
    };
  }
  return responses;
}

/** Admin endpoints: the key (either scheme), checked after the per-IP rate limit. */
export const ADMIN_SECURITY = [{ bearerAuth: [] }, { apiKeyAuth: [] }] as const;
export const ADMIN_ERRORS = ['unauthorized', 'rate_limited'] as const satisfies readonly ErrorCode[];

export const SECURITY_SCHEMES = {
  bearerAuth: { type: 'http', scheme: 'bearer', description: 'The admin key (ADMIN_API_KEY) as `Authorization: Bearer <key>`' },
  apiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'The admin key (ADMIN_API_KEY) as `X-API-Key: <key>`' },
  readKeyAuth: { type: 'http', scheme: 'bearer', description: 'A read key of the company (`POST /api/companies/{realmId}/read-keys`), with SEARCH_AUTH=keys' },
} as const;

export const pathParam = (name: string, description: string, schema: JsonSchema = { type: 'string' }): ParameterObject => ({
  name,
  in: 'path',
  required: true,
  description,
  schema,
});

export const queryParam = (name: string, description: string, schema: JsonSchema, required = false): ParameterObject => ({
  name,
  in: 'query',
  required,
  description: `${description} Given at most once (a repeated or bracketed parameter is 400 \`invalid_query\`).`,
  schema,
});
