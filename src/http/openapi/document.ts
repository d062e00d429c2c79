import { PATHS } from './paths';
import { SECURITY_SCHEMES } from './responses';
import { SCHEMAS } from './schemas';
import { TAGS } from './tags';

/** The whole HTTP API as an OpenAPI 3.1 document (served at `GET /api/openapi.json`). */
export function buildOpenApiDocument(version: string) {
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'qbo-cache',
      version,
      description:
        'In-memory QuickBooks Online cache with typeahead search. All JSON; errors are `{"error": "<code>", "message": "<sentence>"}` ' +
        'with a 4xx/5xx status, and unknown routes answer 404 `not_found`. Admin endpoints need the admin key when one is set ' +
        'and are rate-limited per client IP (429 `rate_limited` with `Retry-After`).',
      // As package.json says: no licence is granted.
      license: { name: 'UNLICENSED' },
    },
    // Relative: the API is wherever this document was fetched from (the service has no fixed public address).
    servers: [{ url: '/', description: 'The service that serves this document' }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths: PATHS,
    components: { schemas: SCHEMAS, securitySchemes: SECURITY_SCHEMES },
  } as const;
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
