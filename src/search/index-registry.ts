/**
 * The search indexes (README, Search), each defined once: source entity, which records it holds, searched
 * fields with their match mode, the name used for ordering, and the result projection.
 */
import {
  ENTITY_NAMES,
  type BillRecord,
  type CustomerRecord,
  type EntityName,
  type EstimateRecord,
  type InvoiceRecord,
  type ItemRecord,
  type PartyRecord,
  type PurchaseOrderRecord,
  type RecordByEntity,
  type VendorRecord,
} from '../qbo';
import { projectBill, projectClientPo, projectEstimate, projectInvoice, projectItem, projectParty, projectPurchaseOrder, transactionName } from './result-projection';
import { filterParams, type FilterFields, type FilterParam } from './filters';
import type { FieldMode } from './tokenize';
import { INDEX_NAMES, type IndexName, type SearchResult } from './types';

export interface SearchedField<R> {
  /** For readers and tests; not used in matching. */
  readonly label: string;
  readonly mode: FieldMode;
  readonly read: (record: R) => string | undefined;
  /**
   * The primary field: the one holding the result's `name`. Within the exact and the field-prefix tier,
   * a match on it ranks before a match found only in another field (one per index).
   */
  readonly primary?: true;
}

/**
 * An index answered from another index's structures: the same records, fields, keys and rank order,
 * restricted to the records it `includes`, optionally matching inside code-infix fields. `part_numbers`
 * is `product_names` minus items without a Sku plus SKU infixes: one build, one copy in memory instead of
 * a second index's heap and build time.
 */
export interface IndexView<R> {
  readonly name: CanonicalIndexName;
  readonly includes: (record: R) => boolean;
  /** Whether a query word may match anywhere inside the code-infix fields (SKUs). */
  readonly insideCodes: boolean;
}

export interface IndexDefinition<R> {
  readonly name: CanonicalIndexName;
  /** Indexes answered from this one's structures. */
  readonly views?: readonly IndexView<R>[];
  /** Records outside the index (an item without a Sku in part_numbers). */
  readonly includes: (record: R) => boolean;
  /** The result's `name`, also the ordering tie-breaker; the field marked `primary` reads the same text. */
  readonly nameOf: (record: R) => string;
  readonly fields: readonly SearchedField<R>[];
  readonly project: (record: R) => SearchResult;
  /** The filters the index takes (filters.ts); none when omitted. */
  readonly filters?: FilterFields<R>;
}

/** `part_names` answers exactly like `product_names` (README, Search), so it is not built twice. */
export const INDEX_ALIASES = { part_names: 'product_names' } as const satisfies Partial<Record<IndexName, IndexName>>;

export type CanonicalIndexName = Exclude<IndexName, keyof typeof INDEX_ALIASES>;

export function canonicalIndexName(name: IndexName): CanonicalIndexName {
  return name === 'part_names' ? INDEX_ALIASES.part_names : name;
}

export function isIndexName(name: string): name is IndexName {
  return (INDEX_NAMES as readonly string[]).includes(name);
}

/** The entity whose records an index holds. */
export function entityOfIndex(name: IndexName): EntityName {
  const canonical = canonicalIndexName(name);
  const entity = ENTITY_NAMES.find((e) =>
    INDEX_DEFINITIONS[e].some((d: IndexDefinition<never>) => d.name === canonical || (d.views ?? []).some((v) => v.name === canonical)),
  );
  if (entity === undefined) throw new Error(`index ${name} has no definition`);
  return entity;
}

/** The filter parameters an index takes (a view or alias: those of the index it is answered from). */
export function indexFilterParams(name: IndexName): FilterParam[] {
  const canonical = canonicalIndexName(name);
  for (const entity of ENTITY_NAMES) {
    for (const definition of INDEX_DEFINITIONS[entity] as readonly IndexDefinition<never>[]) {
      if (definition.name === canonical) return filterParams(definition.filters);
      if ((definition.views ?? []).some((view) => view.name === canonical)) return [];
    }
  }
  return [];
}

/** The indexes of these entities, in INDEX_NAMES' order (`available_indexes`). */
export function indexNamesFor(entities: readonly EntityName[]): IndexName[] {
  return INDEX_NAMES.filter((name) => entities.includes(entityOfIndex(name)));
}

const hasText = (value: string | undefined): boolean => value !== undefined && value.trim() !== '';

const hasBalance = (r: { readonly balance?: number }): boolean => (r.balance ?? 0) > 0;
const txnDate = (r: { readonly txnDate?: string }): string | undefined => r.txnDate;
const customerFilters = { customerId: (r: InvoiceRecord) => r.customerId, open: hasBalance, txnDate } satisfies FilterFields<InvoiceRecord>;

function partyFields<R extends PartyRecord>(): SearchedField<R>[] {
  return [
    { label: 'DisplayName', mode: 'text', read: (r) => r.name, primary: true },
    { label: 'CompanyName', mode: 'text', read: (r) => r.companyName },
    {
      label: 'GivenName FamilyName',
      mode: 'text',
      read: (r) => [r.givenName, r.familyName].filter((part) => part !== undefined).join(' '),
    },
    { label: 'PrimaryEmailAddr', mode: 'text', read: (r) => r.email },
  ];
}

const clientNames: IndexDefinition<CustomerRecord> = {
  name: 'client_names',
  includes: () => true,
  nameOf: (r) => r.name,
  fields: partyFields(),
  project: (r) => projectParty(r, 'customer'),
};

const vendorNames: IndexDefinition<VendorRecord> = {
  name: 'vendor_names',
  includes: () => true,
  nameOf: (r) => r.name,
  fields: partyFields(),
  project: (r) => projectParty(r, 'vendor'),
};

/** Also serves part_numbers (searched fields Sku, Name): SKU infixes are indexed, used only by it. */
const productNames: IndexDefinition<ItemRecord> = {
  name: 'product_names',
  includes: () => true,
  nameOf: (r) => r.name,
  fields: [
    { label: 'Name', mode: 'text', read: (r) => r.name, primary: true },
    // A sub-item is also found by its parent path ("Hardware:Bolts" for `hardware bolts`), as jobs are.
    { label: 'FullyQualifiedName', mode: 'text', read: (r) => (r.fullyQualifiedName !== r.name ? r.fullyQualifiedName : undefined) },
    { label: 'Sku', mode: 'code-infix', read: (r) => r.sku },
  ],
  project: projectItem,
  views: [{ name: 'part_numbers', includes: (r) => hasText(r.sku), insideCodes: true }],
};

const productDescriptions: IndexDefinition<ItemRecord> = {
  name: 'product_descriptions',
  includes: () => true,
  nameOf: (r) => r.name,
  fields: [
    { label: 'Description', mode: 'text', read: (r) => r.description },
    { label: 'PurchaseDesc', mode: 'text', read: (r) => r.purchaseDescription },
    { label: 'Name', mode: 'text', read: (r) => r.name, primary: true },
  ],
  project: projectItem,
};

const clientPos: IndexDefinition<InvoiceRecord> = {
  name: 'client_pos',
  includes: (r) => hasText(r.poNumber),
  nameOf: (r) => r.poNumber ?? '',
  fields: [{ label: 'PO number', mode: 'code', read: (r) => r.poNumber, primary: true }],
  project: projectClientPo,
  filters: customerFilters,
};

/** Invoices without a DocNumber are left out: the result's name would be empty. */
const invoiceNumbers: IndexDefinition<InvoiceRecord> = {
  name: 'invoice_numbers',
  includes: (r) => hasText(r.docNumber),
  nameOf: (r) => r.docNumber ?? '',
  fields: [
    { label: 'DocNumber', mode: 'code', read: (r) => r.docNumber, primary: true },
    { label: 'CustomerRef name', mode: 'text', read: (r) => r.customerName },
  ],
  project: projectInvoice,
  filters: customerFilters,
};

/** Every estimate, purchase order and bill is listed: one without a DocNumber is named (and found) by its id. */
const docNumber = { label: 'DocNumber (else Id)', mode: 'code', read: transactionName, primary: true } as const;

const estimateNumbers: IndexDefinition<EstimateRecord> = {
  name: 'estimate_numbers',
  includes: () => true,
  nameOf: transactionName,
  fields: [docNumber, { label: 'CustomerRef name', mode: 'text', read: (r) => r.customerName }],
  project: projectEstimate,
  filters: { customerId: (r) => r.customerId, open: (r) => r.status === 'Pending', txnDate },
};

const purchaseOrders: IndexDefinition<PurchaseOrderRecord> = {
  name: 'purchase_orders',
  includes: () => true,
  nameOf: transactionName,
  fields: [docNumber, { label: 'VendorRef name', mode: 'text', read: (r) => r.vendorName }, { label: 'Memo', mode: 'text', read: (r) => r.memo }],
  project: projectPurchaseOrder,
  filters: { vendorId: (r) => r.vendorId, open: (r) => r.status === 'Open', txnDate },
};

const billNumbers: IndexDefinition<BillRecord> = {
  name: 'bill_numbers',
  includes: () => true,
  nameOf: transactionName,
  fields: [docNumber, { label: 'VendorRef name', mode: 'text', read: (r) => r.vendorName }],
  project: projectBill,
  filters: { vendorId: (r) => r.vendorId, open: hasBalance, txnDate },
};

/** Every entity's indexes (an entity may have none): the search side of the entity table (qbo/entities.ts). */
export type DefinitionsByEntity = { readonly [E in EntityName]: readonly IndexDefinition<RecordByEntity[E]>[] };

export const INDEX_DEFINITIONS: DefinitionsByEntity = {
  customers: [clientNames],
  vendors: [vendorNames],
  items: [productNames, productDescriptions],
  invoices: [clientPos, invoiceNumbers],
  estimates: [estimateNumbers],
  purchase_orders: [purchaseOrders],
  bills: [billNumbers],
};
