/**
 * Raw QBO objects → our small records (records.ts), in one place. The raw objects are unvalidated JSON, so every
 * field is read through a type check: a property QBO omitted (docs/quickbooks.md#entities) or sent with an unexpected
 * type simply ends up missing in the record instead of breaking a sync.
 */
import { pickPoNumber, type CustomFieldLike } from './po-number';
import type { RawBill, RawCustomer, RawEntity, RawEstimate, RawInvoice, RawItem, RawParty, RawPurchaseOrder, RawVendor } from './raw-types';
import type { BillRecord, CustomerRecord, EstimateRecord, InvoiceRecord, ItemRecord, PartyRecord, PurchaseOrderRecord, VendorRecord } from './records';

/** A non-blank string, trimmed; anything else → undefined. */
function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** QBO sends amounts as JSON numbers; a numeric string is accepted too, anything else is dropped. */
function amount(value: unknown): number | undefined {
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : undefined;
}

function field<T>(value: unknown, key: string): T | undefined {
  return typeof value === 'object' && value !== null ? ((value as Record<string, unknown>)[key] as T | undefined) : undefined;
}

/** Drops undefined values so records carry only the properties that have a value, like QBO does. */
function compact<T extends object>(record: T): T {
  for (const key of Object.keys(record) as Array<keyof T>) {
    if (record[key] === undefined) delete record[key];
  }
  return record;
}

function base(raw: RawEntity): { id: string; updatedAt: string } {
  return {
    id: String(raw.Id),
    // Kept as QBO sent it (company offset): comparisons go through Date.parse, which honours the offset.
    updatedAt: text(field(raw.MetaData, 'LastUpdatedTime')) ?? text(field(raw.MetaData, 'CreateTime')) ?? '',
  };
}

/** Name lists always send `Active`; if it were missing, the record is what a plain query returns: active. */
function isActive(value: unknown): boolean {
  return value !== false;
}

function party(raw: RawParty, fullyQualifiedName: string | undefined, parentId: string | undefined): PartyRecord {
  const givenName = text(raw.GivenName);
  const familyName = text(raw.FamilyName);
  const companyName = text(raw.CompanyName);
  const personName = [givenName, familyName].filter((part) => part !== undefined).join(' ');
  return compact({
    ...base(raw),
    active: isActive(raw.Active),
    // DisplayName is required and unique in QBO; the fallbacks only keep a malformed row searchable.
    name: text(raw.DisplayName) ?? fullyQualifiedName ?? companyName ?? (personName || String(raw.Id)),
    fullyQualifiedName,
    companyName,
    givenName,
    familyName,
    email: text(field(raw.PrimaryEmailAddr, 'Address')),
    phone: text(field(raw.PrimaryPhone, 'FreeFormNumber')) ?? text(field(raw.Mobile, 'FreeFormNumber')),
    balance: amount(raw.Balance),
    parentId,
  });
}

export function normalizeCustomer(raw: RawCustomer): CustomerRecord {
  // Jobs carry "Parent:Job" here; typeahead users type either part (docs/quickbooks.md#entities).
  return party(raw, text(raw.FullyQualifiedName), text(field(raw.ParentRef, 'value')));
}

/** Vendors have no job hierarchy. */
export function normalizeVendor(raw: RawVendor): VendorRecord {
  return party(raw, undefined, undefined);
}

export function normalizeItem(raw: RawItem): ItemRecord {
  const fullyQualifiedName = text(raw.FullyQualifiedName);
  return compact({
    ...base(raw),
    active: isActive(raw.Active),
    // `Name` is the leaf name of a sub-item; FullyQualifiedName is "Parent:Sub".
    name: text(raw.Name) ?? fullyQualifiedName ?? String(raw.Id),
    fullyQualifiedName,
    sku: text(raw.Sku),
    itemType: text(raw.Type),
    description: text(raw.Description),
    purchaseDescription: text(raw.PurchaseDesc),
    unitPrice: amount(raw.UnitPrice),
  });
}

export function normalizeInvoice(raw: RawInvoice): InvoiceRecord {
  const customFields: CustomFieldLike[] = Array.isArray(raw.CustomField)
    ? raw.CustomField.filter((f): f is CustomFieldLike => typeof f === 'object' && f !== null).map((f) => ({
        Name: typeof f.Name === 'string' ? f.Name : undefined,
        StringValue: typeof f.StringValue === 'string' ? f.StringValue : undefined,
      }))
    : [];
  return compact({
    ...base(raw),
    // Transactions have no Active flag; deleted invoices leave the cache through CDC.
    active: true,
    docNumber: text(raw.DocNumber),
    customerId: text(field(raw.CustomerRef, 'value')),
    customerName: text(field(raw.CustomerRef, 'name')),
    txnDate: text(raw.TxnDate),
    total: amount(raw.TotalAmt),
    balance: amount(raw.Balance),
    // Company-defined field name ("P.O. Number", "PO #"…), matched by name, never by DefinitionId
    // (docs/quickbooks.md#custom-fields).
    poNumber: pickPoNumber(customFields),
  });
}

/** What the three transactions share; they have no Active flag either (deletions arrive through CDC). */
function transaction(raw: RawEstimate | RawPurchaseOrder | RawBill): { id: string; updatedAt: string; active: true; docNumber?: string; txnDate?: string; total?: number } {
  return { ...base(raw), active: true, docNumber: text(raw.DocNumber), txnDate: text(raw.TxnDate), total: amount(raw.TotalAmt) };
}

export function normalizeEstimate(raw: RawEstimate): EstimateRecord {
  return compact({
    ...transaction(raw),
    customerId: text(field(raw.CustomerRef, 'value')),
    customerName: text(field(raw.CustomerRef, 'name')),
    status: text(raw.TxnStatus),
    expirationDate: text(raw.ExpirationDate),
  });
}

export function normalizePurchaseOrder(raw: RawPurchaseOrder): PurchaseOrderRecord {
  return compact({
    ...transaction(raw),
    vendorId: text(field(raw.VendorRef, 'value')),
    vendorName: text(field(raw.VendorRef, 'name')),
    status: text(raw.POStatus),
    memo: text(raw.Memo),
    dueDate: text(raw.DueDate),
  });
}

export function normalizeBill(raw: RawBill): BillRecord {
  return compact({
    ...transaction(raw),
    vendorId: text(field(raw.VendorRef, 'value')),
    vendorName: text(field(raw.VendorRef, 'name')),
    dueDate: text(raw.DueDate),
    balance: amount(raw.Balance),
  });
}
