import type { JsonObject } from '../json';
import { createRandom } from '../random';
import type { StoredRecord } from '../records';
import { formatPacificDate, TIME } from '../qbo-time';
import { lazyRecords } from './lazy-record';
import { randomTimes, toStoredRecord } from './record-base';
import { AP_ACCOUNT, expenseLines, refTo } from './transaction-lines';

export interface PurchaseContext {
  readonly seed: number;
  readonly stream: number;
  readonly anchorMs: number;
  readonly vendors: readonly StoredRecord[];
  readonly customers: readonly StoredRecord[];
  readonly items: readonly StoredRecord[];
}

const MEMOS = ['Please confirm delivery date', 'Deliver to the back entrance', 'Rush order', 'Ship complete, no partials', 'Call before delivery'];

/**
 * Purchase orders to vendors: DocNumber `PO-<1000 + Id>` (QuickBooks' running number with the company's prefix),
 * item expense lines, POStatus Open for most recent ones and Closed for most older ones, a Memo for the vendor on
 * about half (some naming the customer job it is for, accented names included), and a ShipTo customer on some.
 */
export function generatePurchaseOrders(firstId: number, lastId: number, ctx: PurchaseContext): StoredRecord[] {
  if (ctx.vendors.length === 0 || ctx.items.length === 0) return [];
  return lazyRecords(firstId, lastId, ctx, (idNum) => buildPurchaseOrder(idNum, ctx));
}

function buildPurchaseOrder(idNum: number, ctx: PurchaseContext): JsonObject {
  const random = createRandom(ctx.seed, ctx.stream, idNum);
  const times = randomTimes(random, ctx.anchorMs);
  const vendor = random.pick(ctx.vendors);
  const { Line, total } = expenseLines(random, ctx.items, ctx.customers);
  const ageDays = (ctx.anchorMs - times.createdMs) / TIME.DAY;
  const fields: JsonObject = {
    DocNumber: `PO-${1000 + idNum}`,
    TxnDate: formatPacificDate(times.createdMs),
    DueDate: formatPacificDate(times.createdMs + random.int(7, 45) * TIME.DAY),
    POStatus: random.chance(ageDays < 60 ? 0.8 : 0.1) ? 'Open' : 'Closed',
    VendorRef: refTo(vendor, 'DisplayName'),
    APAccountRef: AP_ACCOUNT,
    Line,
    TotalAmt: total,
  };
  const shipTo = ctx.customers.length > 0 && random.chance(0.3) ? random.pick(ctx.customers) : undefined;
  if (shipTo) fields.ShipTo = refTo(shipTo, 'DisplayName');
  if (random.chance(0.5)) fields.Memo = shipTo && random.chance(0.6) ? `For ${String(shipTo.json.DisplayName)}` : random.pick(MEMOS);
  const email = vendor.json.PrimaryEmailAddr;
  if (email !== undefined && random.chance(0.7)) fields.POEmail = email;
  fields.EmailStatus = email !== undefined && random.chance(0.6) ? 'EmailSent' : 'NotSet';
  return toStoredRecord(idNum, fields, times).json;
}
