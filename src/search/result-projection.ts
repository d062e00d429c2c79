/**
 * Turns our records into the result objects of the search API (README, Search). Missing optional values become `null`
 * (never omitted) so the frontend sees one stable shape per index.
 */
import type { InvoiceRecord, ItemRecord, PartyRecord } from '../qbo';
import type { ClientPoResult, InvoiceResult, ItemResult, PartyResult } from './types';

export function projectParty(record: PartyRecord, type: 'customer' | 'vendor'): PartyResult {
  return {
    id: record.id,
    name: record.name,
    type,
    active: record.active,
    company_name: record.companyName ?? null,
    email: record.email ?? null,
    balance: record.balance ?? null,
  };
}

export function projectItem(record: ItemRecord): ItemResult {
  return {
    id: record.id,
    name: record.name,
    type: 'item',
    active: record.active,
    item_type: record.itemType ?? null,
    sku: record.sku ?? null,
    unit_price: record.unitPrice ?? null,
    description: record.description ?? null,
  };
}

/** Only called for invoices that have a PO number (the index filters the others out). */
export function projectClientPo(record: InvoiceRecord): ClientPoResult {
  return {
    id: record.id,
    name: record.poNumber ?? '',
    type: 'client_po',
    active: record.active,
    doc_number: record.docNumber ?? null,
    customer_id: record.customerId ?? null,
    customer_name: record.customerName ?? null,
    txn_date: record.txnDate ?? null,
    total: record.total ?? null,
  };
}

/** Only called for invoices that have a DocNumber (the index filters the others out). */
export function projectInvoice(record: InvoiceRecord): InvoiceResult {
  return {
    id: record.id,
    name: record.docNumber ?? '',
    type: 'invoice',
    active: record.active,
    customer_id: record.customerId ?? null,
    customer_name: record.customerName ?? null,
    txn_date: record.txnDate ?? null,
    total: record.total ?? null,
    balance: record.balance ?? null,
  };
}
