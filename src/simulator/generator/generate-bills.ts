import type { JsonObject } from '../json';
import { createRandom, type Random } from '../random';
import type { StoredRecord } from '../records';
import { formatPacificDate, TIME } from '../qbo-time';
import { asciiSlug } from './name-pools';
import type { PurchaseContext } from './generate-purchase-orders';
import { lazyRecords } from './lazy-record';
import { randomTimes, roundMoney, toStoredRecord } from './record-base';
import { AP_ACCOUNT, expenseLines, refTo } from './transaction-lines';

const TERMS = [
  { days: 15, ref: { value: '2', name: 'Net 15' } },
  { days: 30, ref: { value: '3', name: 'Net 30' } },
  { days: 60, ref: { value: '4', name: 'Net 60' } },
] as const;

/**
 * A vendor's own invoice number, in that vendor's format (so one vendor's bills share a prefix): `INV-48213`,
 * `<initials>-2025-0117`, `2025/0117`, or a bare number. QuickBooks never numbers bills, so about 8% have none.
 */
function vendorInvoiceNumber(random: Random, vendor: StoredRecord, txnDate: string, idNum: number): string | undefined {
  if (random.chance(0.08)) return undefined;
  const serial = String(idNum).padStart(4, '0');
  switch (vendor.idNum % 4) {
    case 0:
      return `INV-${40000 + idNum}`;
    case 1:
      return `${(asciiSlug(String(vendor.json.DisplayName)).slice(0, 3) || 'VND').toUpperCase()}-${txnDate.slice(0, 4)}-${serial}`;
    case 2:
      return `${txnDate.slice(0, 4)}/${serial}`;
    default:
      return String(700000 + idNum * 7);
  }
}

/**
 * Bills from vendors: the vendor's invoice number, item expense lines, terms and DueDate, and a Balance (most older
 * bills paid, some partly).
 */
export function generateBills(firstId: number, lastId: number, ctx: PurchaseContext): StoredRecord[] {
  if (ctx.vendors.length === 0 || ctx.items.length === 0) return [];
  return lazyRecords(firstId, lastId, ctx, (idNum) => buildBill(idNum, ctx));
}

function buildBill(idNum: number, ctx: PurchaseContext): JsonObject {
  const random = createRandom(ctx.seed, ctx.stream, idNum);
  const times = randomTimes(random, ctx.anchorMs);
  const vendor = random.pick(ctx.vendors);
  const txnDate = formatPacificDate(times.createdMs);
  const { Line, total } = expenseLines(random, ctx.items, ctx.customers);
  const term = random.pick(TERMS);
  const ageDays = (ctx.anchorMs - times.createdMs) / TIME.DAY;
  const paid = random.chance(ageDays > term.days ? 0.85 : 0.2);
  const fields: JsonObject = {
    TxnDate: txnDate,
    DueDate: formatPacificDate(times.createdMs + term.days * TIME.DAY),
    SalesTermRef: term.ref,
    VendorRef: refTo(vendor, 'DisplayName'),
    APAccountRef: AP_ACCOUNT,
    Line,
    TotalAmt: total,
    Balance: paid ? 0 : random.chance(0.2) ? roundMoney(total * random.next()) : total,
  };
  const docNumber = vendorInvoiceNumber(random, vendor, txnDate, idNum);
  if (docNumber !== undefined) fields.DocNumber = docNumber;
  return toStoredRecord(idNum, fields, times).json;
}
