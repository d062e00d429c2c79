/**
 * The one table of the cached entities, keyed by our entity name (config/entities.ts): QBO's entity name, whether it
 * is a name list, the normalizer that turns its raw objects into records, and the field of `/api/cache/status` that
 * counted it before `counts` existed. The raw and record types of every entity are derived from it, so everything
 * past this table loops over entity names instead of spelling the entities out.
 */
import { ENTITY_NAMES, type EntityName } from '../config';
import { normalizeBill, normalizeCustomer, normalizeEstimate, normalizeInvoice, normalizeItem, normalizePurchaseOrder, normalizeVendor } from './normalizers';
import type { RawEntity } from './raw-types';
import type { BaseRecord } from './records';

interface EntityEntry<Raw extends RawEntity, Rec extends BaseRecord> {
  /** As QBO spells it in queries, CDC `entities=`, response keys and node-quickbooks' method names (docs/quickbooks.md#query-responses). */
  readonly qboName: string;
  /**
   * Name lists answer a plain `SELECT` with active records only, so every query and count on them adds
   * `Active IN (true,false)` (docs/quickbooks.md#inactive-records).
   */
  readonly nameList: boolean;
  readonly normalize: (raw: Raw) => Rec;
  /** The `<entity>_count` field `/api/cache/status` keeps beside `counts` for the entities it always had. */
  readonly statusCountField?: string;
}

const entry = <Raw extends RawEntity, Rec extends BaseRecord, const Q extends string>(
  definition: EntityEntry<Raw, Rec> & { readonly qboName: Q },
): EntityEntry<Raw, Rec> & { readonly qboName: Q } => definition;

const TABLE = {
  customers: entry({ qboName: 'Customer', nameList: true, normalize: normalizeCustomer, statusCountField: 'customers_count' }),
  vendors: entry({ qboName: 'Vendor', nameList: true, normalize: normalizeVendor, statusCountField: 'vendors_count' }),
  items: entry({ qboName: 'Item', nameList: true, normalize: normalizeItem, statusCountField: 'items_count' }),
  invoices: entry({ qboName: 'Invoice', nameList: false, normalize: normalizeInvoice, statusCountField: 'invoices_count' }),
  estimates: entry({ qboName: 'Estimate', nameList: false, normalize: normalizeEstimate }),
  purchase_orders: entry({ qboName: 'PurchaseOrder', nameList: false, normalize: normalizePurchaseOrder }),
  bills: entry({ qboName: 'Bill', nameList: false, normalize: normalizeBill }),
} satisfies { readonly [E in EntityName]: unknown };

/** Our entity name → its raw QBO shape (what its normalizer takes). */
export type RawByEntity = { readonly [E in EntityName]: Parameters<(typeof TABLE)[E]['normalize']>[0] };
/** Our entity name → its record type (what its normalizer returns). */
export type RecordByEntity = { readonly [E in EntityName]: ReturnType<(typeof TABLE)[E]['normalize']> };
export type QboEntityName = (typeof TABLE)[EntityName]['qboName'];

export interface EntityDefinition<E extends EntityName> {
  readonly name: E;
  readonly qboName: QboEntityName;
  readonly nameList: boolean;
  readonly normalize: (raw: RawByEntity[E]) => RecordByEntity[E];
  readonly statusCountField?: string;
}

export const ENTITIES: { readonly [E in EntityName]: EntityDefinition<E> } = Object.fromEntries(
  ENTITY_NAMES.map((name) => [name, { name, ...TABLE[name] }]),
) as { readonly [E in EntityName]: EntityDefinition<E> };

/** Our entity name for a QBO entity name given in any case (CDC and query response keys), if it is one of ours. */
export function entityForQboName(qboName: string): EntityName | undefined {
  const lower = qboName.toLowerCase();
  return ENTITY_NAMES.find((name) => ENTITIES[name].qboName.toLowerCase() === lower);
}

/** Normalizes one raw object of entity `entity`. */
export function normalizeRecord<E extends EntityName>(entity: E, raw: RawByEntity[E]): RecordByEntity[E] {
  const definition: EntityDefinition<E> = ENTITIES[entity];
  return definition.normalize(raw);
}
