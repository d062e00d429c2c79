import type { JsonObject } from '../json';
import { createRandom } from '../random';
import type { StoredRecord } from '../records';
import { formatPacificDate, TIME } from '../qbo-time';
import { invoiceLines, type SaleLine } from './generate-invoices';
import { lazyRecords } from './lazy-record';
import { randomTimes, toStoredRecord } from './record-base';
import { refTo } from './transaction-lines';

export interface EstimateContext {
  readonly seed: number;
  readonly stream: number;
  readonly anchorMs: number;
  readonly customers: readonly StoredRecord[];
  readonly sellable: readonly StoredRecord[];
}

/**
 * Estimates (quotes to customers): DocNumber `EST-<year>-<nnnn>` on most, the company's plain running number
 * (1000 + Id, as QuickBooks numbers them when custom numbers are off) on the rest; sales lines like an invoice's; a
 * TxnStatus that depends on age (recent ones Pending, older ones Accepted, Closed or Rejected), and an
 * ExpirationDate 30 days on. LazyRecords, rebuilt from their random stream when read (see generate-invoices.ts).
 */
export function generateEstimates(firstId: number, lastId: number, ctx: EstimateContext): StoredRecord[] {
  if (ctx.customers.length === 0 || ctx.sellable.length === 0) return [];
  return lazyRecords(firstId, lastId, ctx, (idNum) => buildEstimate(idNum, ctx));
}

function statusFor(ageDays: number, roll: number): string {
  if (ageDays < 30) return roll < 0.7 ? 'Pending' : roll < 0.9 ? 'Accepted' : 'Rejected';
  return roll < 0.15 ? 'Pending' : roll < 0.6 ? 'Closed' : roll < 0.85 ? 'Accepted' : 'Rejected';
}

function buildEstimate(idNum: number, ctx: EstimateContext): JsonObject {
  const random = createRandom(ctx.seed, ctx.stream, idNum);
  const times = randomTimes(random, ctx.anchorMs);
  const customer = random.pick(ctx.customers);
  const txnDate = formatPacificDate(times.createdMs);
  const sales: SaleLine[] = [];
  for (let n = random.int(1, 5); n > 0; n--) sales.push({ item: random.pick(ctx.sellable), qty: random.int(1, 40) });
  const { Line, total } = invoiceLines(sales, (item) => refTo(item, 'Name'));
  const status = statusFor((ctx.anchorMs - times.createdMs) / TIME.DAY, random.next());
  const fields: JsonObject = {
    DocNumber: random.chance(0.75) ? `EST-${txnDate.slice(0, 4)}-${String(idNum).padStart(4, '0')}` : String(1000 + idNum),
    TxnDate: txnDate,
    ExpirationDate: formatPacificDate(times.createdMs + 30 * TIME.DAY),
    TxnStatus: status,
    CustomerRef: refTo(customer, 'DisplayName'),
    Line,
    TotalAmt: total,
  };
  if (status === 'Accepted') {
    fields.AcceptedBy = String(customer.json.GivenName ?? customer.json.DisplayName);
    fields.AcceptedDate = formatPacificDate(Math.min(times.createdMs + random.int(1, 20) * TIME.DAY, ctx.anchorMs - TIME.DAY));
  }
  const email = customer.json.PrimaryEmailAddr;
  if (email !== undefined) fields.BillEmail = email;
  fields.EmailStatus = email !== undefined && random.chance(0.6) ? 'EmailSent' : 'NotSet';
  return toStoredRecord(idNum, fields, times).json;
}
