import { ENTITY_NAMES } from '../../qbo';
import { INDEX_NAMES } from '../../search';
import { SYNC_TRIGGERS } from '../../sync';
import { ERROR_CODES } from '../errors';
import type { JsonSchema } from './types';

/** `#/components/schemas/<name>`. */
export const ref = (name: keyof typeof SCHEMAS): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

const string: JsonSchema = { type: 'string' };
const int = (minimum = 0): JsonSchema => ({ type: 'integer', minimum });
const dateTime: JsonSchema = { type: 'string', format: 'date-time' };
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const nullableString: JsonSchema = { type: ['string', 'null'] };
const nullableNumber: JsonSchema = { type: ['number', 'null'] };

/** An object whose listed properties are all required; extra properties are allowed unless `closed`. */
function object(properties: Readonly<Record<string, JsonSchema>>, options: { optional?: readonly string[]; closed?: boolean } = {}): JsonSchema {
  const optional = new Set(options.optional ?? []);
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((name) => !optional.has(name)),
    ...(options.closed ? { additionalProperties: false } : {}),
  };
}

const searchResultBase = { id: string, name: string, active: { type: 'boolean' } };

/** The shared response bodies (components.schemas). */
export const SCHEMAS = {
  Error: {
    description: 'Every error (the README lists the codes). Some codes add fields, e.g. `available_indexes` (unknown_index) or `sync` (a failed refresh).',
    ...object({ error: { type: 'string', enum: Object.keys(ERROR_CODES) }, message: string }),
  },
  Health: object(
    {
      status: { enum: ['healthy', 'degraded', 'unhealthy'] },
      timestamp: dateTime,
      version: string,
      mode: { enum: ['demo', 'live'] },
      authenticated: { type: 'boolean' },
      connection: { enum: ['connected', 'not_connected', 'reconnect_required'] },
      cache_age_minutes: { type: ['number', 'null'], minimum: 0 },
      reasons: { type: 'array', items: string },
      replica: object(
        {
          id: string,
          companies: {
            type: 'object',
            description: "By realm id: this replica's role for the company and the store generation it serves (README, Several replicas)",
            additionalProperties: object({ role: { enum: ['leader', 'follower'] }, generation: { type: ['integer', 'null'] } }, { closed: true }),
          },
        },
        { closed: true },
      ),
    },
    { closed: true },
  ),
  Readiness: object({ ready: { type: 'boolean' }, reason: string }, { optional: ['reason'], closed: true }),
  SearchResult: {
    oneOf: [
      object({ ...searchResultBase, type: { enum: ['customer', 'vendor'] }, company_name: nullableString, email: nullableString, balance: nullableNumber }),
      object({ ...searchResultBase, type: { const: 'item' }, item_type: nullableString, sku: nullableString, unit_price: nullableNumber, description: nullableString }),
      object({
        ...searchResultBase,
        type: { const: 'client_po' },
        doc_number: nullableString,
        customer_id: nullableString,
        customer_name: nullableString,
        txn_date: nullableString,
        total: nullableNumber,
      }),
      object({
        ...searchResultBase,
        type: { const: 'invoice' },
        customer_id: nullableString,
        customer_name: nullableString,
        txn_date: nullableString,
        total: nullableNumber,
        balance: nullableNumber,
      }),
      object({
        ...searchResultBase,
        type: { const: 'estimate' },
        doc_number: nullableString,
        customer_id: nullableString,
        customer_name: nullableString,
        txn_date: nullableString,
        total: nullableNumber,
        status: nullableString,
      }),
      object({
        ...searchResultBase,
        type: { const: 'purchase_order' },
        doc_number: nullableString,
        vendor_id: nullableString,
        vendor_name: nullableString,
        txn_date: nullableString,
        total: nullableNumber,
        status: nullableString,
      }),
      object({
        ...searchResultBase,
        type: { const: 'bill' },
        doc_number: nullableString,
        vendor_id: nullableString,
        vendor_name: nullableString,
        txn_date: nullableString,
        due_date: nullableString,
        total: nullableNumber,
        balance: nullableNumber,
      }),
    ],
  },
  SearchResponse: object(
    {
      query: { type: 'string', minLength: 1, maxLength: 200 },
      index: { enum: [...INDEX_NAMES] },
      results: { type: 'array', items: { $ref: '#/components/schemas/SearchResult' } },
      total: { ...int(), description: 'Number of results returned, not of matching records' },
    },
    { closed: true },
  ),
  MultiSearchResponse: object(
    {
      query: { type: 'string', minLength: 1, maxLength: 200 },
      groups: {
        type: 'array',
        items: object(
          {
            index: { enum: [...INDEX_NAMES] },
            results: { type: 'array', items: { $ref: '#/components/schemas/SearchResult' } },
            total: { ...int(), description: 'Number of results in this group' },
          },
          { closed: true },
        ),
      },
    },
    { closed: true },
  ),
  IndexesStatus: object(
    {
      indexes: { type: 'object', additionalProperties: int() },
      total_indexed_items: int(),
      available_indexes: { type: 'array', items: { enum: [...INDEX_NAMES] } },
    },
    { closed: true },
  ),
  SyncRun: object(
    {
      id: string,
      mode: { enum: ['full', 'incremental'] },
      status: { enum: ['running', 'succeeded', 'failed', 'cancelled'] },
      trigger: { enum: [...SYNC_TRIGGERS] },
      progress: object({ completed: int(), total: int(), percentage: { type: 'number', minimum: 0, maximum: 100 } }, { closed: true }),
      records_per_second: { type: 'number', minimum: 0 },
      started_at: dateTime,
      finished_at: nullable(dateTime),
      api_calls: int(),
      records: int(),
      deleted: int(),
      error: nullableString,
    },
    { optional: ['trigger'], closed: true },
  ),
  CacheStatus: object(
    {
      last_updated: nullable(dateTime),
      customers_count: int(),
      vendors_count: int(),
      items_count: int(),
      invoices_count: int(),
      counts: {
        ...object(Object.fromEntries(ENTITY_NAMES.map((name) => [name, int()])), { optional: ENTITY_NAMES, closed: true }),
        description: 'Records per cached entity (`QUICKBOOKS_ENTITIES`), one entry for each and no other',
      },
      state: { enum: ['empty', 'ready', 'refreshing'] },
      company_id: nullableString,
      synced_through: nullableString,
      last_sync: nullable({ $ref: '#/components/schemas/SyncRun' }),
      next_refresh_at: nullable(dateTime),
    },
    { closed: true },
  ),
  SyncAccepted: object({ sync_id: string, status_url: string }, { closed: true }),
  SyncCancelling: object({ message: string, sync_id: string, status_url: string }, { closed: true }),
  ReadKeys: object({ keys: { type: 'array', items: object({ id: string, created_at: dateTime }, { closed: true }) } }, { closed: true }),
  NewReadKey: object({ id: string, key: { type: 'string', pattern: '^qbk_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$' }, realm_id: string, created_at: dateTime }, { closed: true }),
  Companies: object(
    {
      companies: {
        type: 'array',
        items: object({
          realm_id: string,
          company_name: nullableString,
          connected: { type: 'boolean' },
          state: { enum: ['empty', 'ready', 'refreshing'] },
          counts: { type: 'object', additionalProperties: int() },
          last_sync: nullable({ $ref: '#/components/schemas/SyncRun' }),
          role: { enum: ['leader', 'follower'] },
          generation: { type: ['integer', 'null'] },
          health: { enum: ['healthy', 'degraded', 'unhealthy'] },
          reasons: { type: 'array', items: string },
        }),
      },
    },
    { closed: true },
  ),
  SyncFinished: object({ message: string, sync: { $ref: '#/components/schemas/SyncRun' } }, { closed: true }),
  SyncHistory: object({ syncs: { type: 'array', items: { $ref: '#/components/schemas/SyncRun' } } }, { closed: true }),
  VerifyReport: object(
    {
      ok: { type: 'boolean' },
      checked_at: dateTime,
      entities: {
        ...object(
          Object.fromEntries(ENTITY_NAMES.map((name) => [name, object({ cached: int(), remote: int(), ok: { type: 'boolean' } }, { closed: true })])),
          { optional: ENTITY_NAMES, closed: true },
        ),
        description: 'One entry per cached entity (`QUICKBOOKS_ENTITIES`)',
      },
    },
    { closed: true },
  ),
  DataPage: object(
    {
      entity: { enum: [...ENTITY_NAMES] },
      total: int(),
      limit: int(),
      offset: int(),
      results: { type: 'array', items: { type: 'object', description: 'A raw QuickBooks Online object, as cached' } },
    },
    { closed: true },
  ),
  WebhookReceipt: object({ received: int(), accepted: int() }, { closed: true }),
  ConnectStarted: object({ authorize_url: { type: 'string', format: 'uri' }, expires_at: dateTime }, { closed: true }),
  TokenRefreshed: object({ message: string, token_expires_at: nullable(dateTime), refresh_token_expires_at: nullable(dateTime) }, { closed: true }),
  Disconnected: object({ message: string, company_id: string, revoked: { type: 'boolean' } }, { closed: true }),
  Config: object(
    {
      company_id: nullableString,
      client_id: { ...nullableString, description: 'The first 10 characters, then `...`' },
      has_access_token: { type: 'boolean' },
      has_refresh_token: { type: 'boolean' },
      token_expires_at: nullable(dateTime),
      refresh_token_expires_at: nullable(dateTime),
      environment: { enum: ['sandbox', 'production'] },
      mode: { enum: ['demo', 'live'] },
    },
    { closed: true },
  ),
  OpenApiDocument: {
    type: 'object',
    required: ['openapi', 'info', 'paths'],
    properties: { openapi: { const: '3.1.0' }, info: { type: 'object' }, paths: { type: 'object' } },
  },
} satisfies Record<string, JsonSchema>;
