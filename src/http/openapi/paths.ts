import { ENTITY_NAMES } from '../../qbo';
import { ADMIN_ERRORS, errors, json, ok, pathParam, queryParam } from './responses';
import { ref } from './schemas';
import { admin, open } from './access';
import { SEARCH_PATHS } from './search-paths';
import { companyPaths } from './company-paths';
import type { PathItem } from './types';

const syncId = pathParam('id', 'A sync id (from `POST /api/cache/refresh?wait=false` or the history)');

/** Every unscoped route the app serves, by OpenAPI path template (`{id}` for Express's `:id`). */
const UNSCOPED: Readonly<Record<string, PathItem>> = {
  '/api/health': {
    get: {
      operationId: 'getHealth',
      summary: 'Liveness: 200 whenever the process answers; the body tells how healthy the service is',
      ...open('health'),
      responses: { '200': ok('The service health', 'Health'), ...errors() },
    },
  },
  '/api/health/ready': {
    get: {
      operationId: 'getReadiness',
      summary: 'Readiness: 200 once a cache is loaded, 503 before that and while shutting down',
      ...open('health'),
      responses: {
        '200': ok('Ready', 'Readiness'),
        '503': { description: 'Not ready (no cache loaded yet, or shutting down)', content: json(ref('Readiness')) },
        ...errors(),
      },
    },
  },
  '/api/openapi.json': {
    get: {
      operationId: 'getOpenApiDocument',
      summary: 'This OpenAPI 3.1 document',
      ...open('meta'),
      responses: { '200': ok('The document', 'OpenApiDocument'), ...errors() },
    },
  },
  '/metrics': {
    get: {
      operationId: 'getMetrics',
      summary: 'Prometheus metrics (text exposition format 0.0.4)',
      ...open('meta'),
      responses: {
        '200': { description: 'The metrics', content: { 'text/plain': { schema: { type: 'string' } } } },
        ...errors(),
      },
    },
  },
  ...SEARCH_PATHS,
  '/api/indexes/status': {
    get: {
      operationId: 'getIndexesStatus',
      summary: 'Records per index; `part_names` is an alias and is counted once in the total',
      ...open('search'),
      responses: { '200': ok('Counts by index', 'IndexesStatus'), ...errors() },
    },
  },
  '/api/cache/status': {
    get: {
      operationId: 'getCacheStatus',
      summary: 'Cached counts (inactive included), state, last sync and next scheduled refresh',
      ...open('cache'),
      responses: { '200': ok('The cache status', 'CacheStatus'), ...errors() },
    },
  },
  '/api/cache/refresh': {
    post: {
      operationId: 'refreshCache',
      summary: 'Runs a sync, or joins the running one',
      ...admin('cache'),
      parameters: [
        queryParam('mode', 'Omitted: incremental once a full sync exists, else full.', { enum: ['full', 'incremental'] }),
        queryParam('wait', '`false`: answer 202 at once and follow `status_url` (default `true`).', { enum: ['true', 'false'], default: 'true' }),
      ],
      responses: {
        '200': ok('The sync finished and the cache was replaced', 'SyncFinished'),
        '202': ok('The sync started (`wait=false`)', 'SyncAccepted'),
        ...errors('invalid_query', ...ADMIN_ERRORS, 'not_connected', 'reconnect_required', 'quickbooks_error'),
      },
    },
  },
  '/api/cache/verify': {
    get: {
      operationId: 'verifyCache',
      summary: "Cached counts against QuickBooks' COUNT(*) per entity, inactive included",
      ...admin('cache'),
      responses: {
        '200': ok('The comparison', 'VerifyReport'),
        ...errors(...ADMIN_ERRORS, 'not_connected', 'reconnect_required', 'quickbooks_error'),
      },
    },
  },
  '/api/sync/history': {
    get: {
      operationId: 'getSyncHistory',
      summary: 'Past and running syncs, newest first; kept across restarts',
      ...admin('sync'),
      parameters: [queryParam('limit', 'How many (default 20); a whole number ≥ 1, clamped to 200.', { type: 'integer', minimum: 1, default: 20 })],
      responses: { '200': ok('The syncs', 'SyncHistory'), ...errors('invalid_query', ...ADMIN_ERRORS) },
    },
  },
  '/api/sync/{id}': {
    get: {
      operationId: 'getSync',
      summary: 'One sync and its progress',
      ...admin('sync'),
      parameters: [syncId],
      responses: { '200': ok('The sync', 'SyncRun'), ...errors(...ADMIN_ERRORS, 'not_found') },
    },
    delete: {
      operationId: 'cancelSync',
      summary: 'Cancels a running sync; the cache stays as it was',
      ...admin('sync'),
      parameters: [syncId],
      responses: { '202': ok('Cancelling', 'SyncCancelling'), ...errors(...ADMIN_ERRORS, 'not_found', 'conflict') },
    },
  },
  '/api/data/{entity}': {
    get: {
      operationId: 'getData',
      summary: 'Raw QuickBooks objects from the cache, ordered by numeric Id',
      ...admin('data'),
      parameters: [
        pathParam('entity', 'A cached entity (`QUICKBOOKS_ENTITIES`); any other is 404 `not_found`', { enum: [...ENTITY_NAMES] }),
        queryParam('limit', 'Page size (default 50); a whole number ≥ 0, clamped to 1000.', { type: 'integer', minimum: 0, default: 50 }),
        queryParam('offset', 'Records to skip (default 0); a whole number ≥ 0.', { type: 'integer', minimum: 0, default: 0 }),
      ],
      responses: { '200': ok('One page', 'DataPage'), ...errors('invalid_query', ...ADMIN_ERRORS, 'not_found', 'cache_not_ready') },
    },
  },
  '/api/webhooks/quickbooks': {
    post: {
      operationId: 'receiveWebhook',
      summary: 'Intuit webhook: verifies `intuit-signature`, answers at once, syncs incrementally 2 s after the last event',
      description: '404 `not_found` when QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN is unset.',
      ...open('webhooks'),
      parameters: [{ name: 'intuit-signature', in: 'header', required: true, description: 'Base64 HMAC-SHA256 of the raw body with the verifier token', schema: { type: 'string' } }],
      requestBody: {
        required: true,
        description: 'A legacy `eventNotifications` payload or a CloudEvents array (at most 5 MB)',
        content: json({ anyOf: [{ type: 'object', required: ['eventNotifications'], properties: { eventNotifications: { type: 'array' } } }, { type: 'array' }] }),
      },
      responses: {
        '200': ok('Events received; `accepted` counts the new events of the connected company', 'WebhookReceipt'),
        ...errors('bad_request', 'invalid_signature', 'not_found', 'payload_too_large'),
      },
    },
  },
  '/api/auth/connect': {
    post: {
      operationId: 'connect',
      summary: 'Starts the OAuth flow: send the browser to `authorize_url` (single-use state)',
      ...admin('auth'),
      responses: { '200': ok('The authorization URL', 'ConnectStarted'), ...errors(...ADMIN_ERRORS) },
    },
  },
  '/callback': {
    get: {
      operationId: 'oauthCallback',
      summary: "Intuit's OAuth redirect: verifies state, exchanges the code, stores the tokens, redirects to `/`",
      ...open('auth'),
      parameters: [
        { name: 'code', in: 'query', description: 'The authorization code', schema: { type: 'string' } },
        { name: 'state', in: 'query', description: 'The state from `POST /api/auth/connect`', schema: { type: 'string' } },
        { name: 'realmId', in: 'query', description: 'The company id', schema: { type: 'string', pattern: '^\\d+$' } },
        { name: 'error', in: 'query', description: 'Set by Intuit when the user declined', schema: { type: 'string' } },
      ],
      responses: {
        '302': { description: 'Connected; redirects to `/`', headers: { Location: { description: '`/`', schema: { type: 'string' } } } },
        '400': {
          description: 'The callback was rejected: an HTML page, or JSON when the client does not accept HTML',
          content: {
            'text/html': { schema: { type: 'string' } },
            'application/json': {
              schema: {
                type: 'object',
                required: ['error', 'message'],
                properties: {
                  error: { enum: ['missing_state', 'unknown_state', 'expired_state', 'used_state', 'access_denied', 'missing_code', 'missing_realm', 'exchange_failed'] },
                  message: { type: 'string' },
                },
              },
            },
          },
        },
        ...errors('rate_limited'),
      },
    },
  },
  '/api/auth/refresh': {
    post: {
      operationId: 'refreshToken',
      summary: 'Forces an access-token refresh',
      ...admin('auth'),
      responses: {
        '200': ok('Refreshed', 'TokenRefreshed'),
        ...errors(...ADMIN_ERRORS, 'not_connected', 'reconnect_required', 'quickbooks_error'),
      },
    },
  },
  '/api/auth/disconnect': {
    post: {
      operationId: 'disconnect',
      summary: "Revokes at Intuit, deletes the company's tokens and cached data",
      ...admin('auth'),
      responses: { '200': ok('Disconnected', 'Disconnected'), ...errors(...ADMIN_ERRORS, 'not_connected', 'reconnect_required', 'quickbooks_error') },
    },
  },
  '/api/config': {
    get: {
      operationId: 'getConfig',
      summary: 'The redacted configuration and token state; never a secret or a token',
      ...admin('auth'),
      responses: { '200': ok('The configuration', 'Config'), ...errors(...ADMIN_ERRORS) },
    },
  },
};

/** Every route the app serves. */
export const PATHS: Readonly<Record<string, PathItem>> = companyPaths(UNSCOPED);
