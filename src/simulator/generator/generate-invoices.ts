import type { JsonObject, JsonValue } from '../json';
import { createRandom, type Random } from '../random';
import type { StoredRecord } from '../records';
import { formatPacificDate, TIME } from '../qbo-time';
import { lazyRecords } from './lazy-record';
import { randomTimes, roundMoney, toStoredRecord } from './record-base';
import { refTo } from './transaction-lines';

/**
 * The company's two legacy custom fields (docs/quickbooks.md#custom-fields): QBO lists every defined field on every
 * invoice and adds `StringValue` only where one was entered. Valueless entries and other constant parts are shared
 * between invoices to keep 200,000 invoices in reasonable memory; records are never mutated in place (see
 * company-store).
 */
const PO_FIELD = Object.freeze({ DefinitionId: '1', Name: 'P.O. Number', Type: 'StringType' });
const CREW_FIELD = Object.freeze({ DefinitionId: '2', Name: 'Crew #', Type: 'StringType' });
const TAX_CODE = Object.freeze({ value: 'NON' });
const SUBTOTAL_DETAIL = Object.freeze({});
const LINE_IDS = ['1', '2', '3', '4', '5', '6'] as const;
const DUE_IN_DAYS = [0, 15, 30, 30, 60] as const;
const PRINT_STATUSES = ['NotSet', 'NeedToPrint', 'PrintComplete'] as const;

export function customField(poNumber: string | undefined, crewNumber: string | undefined): JsonValue[] {
  return [
    poNumber === undefined ? PO_FIELD : { ...PO_FIELD, StringValue: poNumber },
    crewNumber === undefined ? CREW_FIELD : { ...CREW_FIELD, StringValue: crewNumber },
  ];
}

export interface SaleLine {
  readonly item: StoredRecord;
  readonly qty: number;
}

/** Sales lines plus the SubTotalLineDetail line QBO appends; returns the lines and their total. */
export function invoiceLines(lines: readonly SaleLine[], itemRef: (item: StoredRecord) => JsonObject): { Line: JsonValue[]; total: number } {
  const out: JsonValue[] = [];
  let total = 0;
  lines.forEach(({ item, qty }, index) => {
    const unitPrice = typeof item.json.UnitPrice === 'number' ? item.json.UnitPrice : 0;
    const amount = roundMoney(unitPrice * qty);
    total = roundMoney(total + amount);
    const description = typeof item.json.Description === 'string' ? item.json.Description : String(item.json.Name);
    out.push({
      Id: LINE_IDS[index] ?? String(index + 1),
      LineNum: index + 1,
      Description: description,
      Amount: amount,
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: { ItemRef: itemRef(item), UnitPrice: unitPrice, Qty: qty, TaxCodeRef: TAX_CODE },
    });
  });
  out.push({ Amount: total, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: SUBTOTAL_DETAIL });
  return { Line: out, total };
}

function randomPoNumber(random: Random, year: number): string {
  const roll = random.next();
  if (roll < 0.5) return `PO-${year}-${String(random.int(1, 9999)).padStart(4, '0')}`;
  if (roll < 0.8) return `45000${String(random.int(0, 99999)).padStart(5, '0')}`;
  return `${random.pick(['A', 'B', 'K', 'NX'])}-${random.int(100, 99999)}`;
}

export interface InvoiceContext {
  readonly seed: number;
  readonly stream: number;
  readonly anchorMs: number;
  readonly customers: readonly StoredRecord[];
  readonly sellable: readonly StoredRecord[];
}

/**
 * Invoices after the fixtures: DocNumber 1000+Id, 1–4 sales lines and a subtotal line, TotalAmt, Balance (older
 * invoices are mostly paid), a P.O. Number on about 40% and a Crew # on about 15%. They are LazyRecords: only the
 * times are kept, the JSON is rebuilt from the record's own random stream when read.
 */
export function generateInvoices(firstId: number, lastId: number, ctx: InvoiceContext): StoredRecord[] {
  if (ctx.customers.length === 0 || ctx.sellable.length === 0) return [];
  return lazyRecords(firstId, lastId, ctx, (idNum) => buildInvoice(idNum, ctx));
}

function buildInvoice(idNum: number, ctx: InvoiceContext): JsonObject {
  const random = createRandom(ctx.seed, ctx.stream, idNum);
  const times = randomTimes(random, ctx.anchorMs);
  const customer = random.pick(ctx.customers);
  const txnDate = formatPacificDate(times.createdMs);
  const sales: SaleLine[] = [];
  for (let n = random.int(1, 4); n > 0; n--) sales.push({ item: random.pick(ctx.sellable), qty: random.int(1, 20) });
  const { Line, total } = invoiceLines(sales, (item) => refTo(item, 'Name'));
  const po = random.chance(0.4) ? randomPoNumber(random, Number(txnDate.slice(0, 4))) : undefined;
  const crew = random.chance(0.15) ? String(random.int(100, 140)) : undefined;
  const ageDays = (ctx.anchorMs - times.createdMs) / TIME.DAY;
  const paid = random.chance(ageDays > 60 ? 0.85 : 0.3);
  const balance = paid ? 0 : random.chance(0.15) ? roundMoney(total * random.next()) : total;
  const fields: JsonObject = {
    DocNumber: String(1000 + idNum),
    TxnDate: txnDate,
    DueDate: formatPacificDate(times.createdMs + random.pick(DUE_IN_DAYS) * TIME.DAY),
    CustomerRef: refTo(customer, 'DisplayName'),
    CustomField: customField(po, crew),
    Line,
    TotalAmt: total,
    Balance: balance,
  };
  const email = customer.json.PrimaryEmailAddr;
  fields.EmailStatus = email !== undefined && random.chance(0.7) ? 'EmailSent' : 'NotSet';
  fields.PrintStatus = random.pick(PRINT_STATUSES);
  if (email !== undefined) fields.BillEmail = email;
  return toStoredRecord(idNum, fields, times).json;
}
