/**
 * The one table of the four cached entities: our name ↔ QBO's entity name, whether it is a name list, and which
 * normalizer turns its raw objects into records.
 */
import { normalizeCustomer, normalizeInvoice, normalizeItem, normalizeVendor } from './normalizers';
import type { RawByEntity } from './raw-types';
import type { CustomerRecord, EntityName, InvoiceRecord, ItemRecord, VendorRecord } from './records';

export type QboEntityName = 'Customer' | 'Vendor' | 'Item' | 'Invoice';

export interface RecordByEntity {
  readonly customers: CustomerRecord;
  readonly vendors: VendorRecord;
  readonly items: ItemRecord;
  readonly invoices: InvoiceRecord;
}

export interface EntityDefinition<E extends EntityName> {
  readonly name: E;
  /** As QBO spells it in queries, CDC `entities=` and response keys (docs/quickbooks.md#query-responses). */
  readonly qboName: QboEntityName;
  /**
   * Name lists answer a plain `SELECT` with active records only, so every query and count on them adds
   * `Active IN (true,false)` (docs/quickbooks.md#inactive-records).
   */
  readonly nameList: boolean;
  readonly normalize: (raw: RawByEntity[E]) => RecordByEntity[E];
}

export const ENTITIES: { readonly [E in EntityName]: EntityDefinition<E> } = {
  customers: { name: 'customers', qboName: 'Customer', nameList: true, normalize: normalizeCustomer },
  vendors: { name: 'vendors', qboName: 'Vendor', nameList: true, normalize: normalizeVendor },
  items: { name: 'items', qboName: 'Item', nameList: true, normalize: normalizeItem },
  invoices: { name: 'invoices', qboName: 'Invoice', nameList: false, normalize: normalizeInvoice },
};

/** Our entity name for a QBO entity name given in any case (CDC and query response keys), if it is one of ours. */
export function entityForQboName(qboName: string): EntityName | undefined {
  const lower = qboName.toLowerCase();
  return (Object.values(ENTITIES) as Array<EntityDefinition<EntityName>>).find((d) => d.qboName.toLowerCase() === lower)?.name;
}

/** Normalizes one raw object of entity `entity`. */
export function normalizeRecord<E extends EntityName>(entity: E, raw: RawByEntity[E]): RecordByEntity[E] {
  const definition: EntityDefinition<E> = ENTITIES[entity];
  return definition.normalize(raw);
}
