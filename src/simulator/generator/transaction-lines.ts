import type { JsonObject, JsonValue } from '../json';
import type { Random } from '../random';
import type { StoredRecord } from '../records';
import { roundMoney } from './record-base';

/** QuickBooks' own Accounts Payable account, which every purchase order and bill posts to. */
export const AP_ACCOUNT = Object.freeze({ value: '33', name: 'Accounts Payable (A/P)' });
const TAX_CODE = Object.freeze({ value: 'NON' });

export const refTo = (record: StoredRecord, nameKey: string): JsonObject => ({ value: record.id, name: String(record.json[nameKey]) });

/**
 * Purchase lines (purchase orders and bills): `ItemBasedExpenseLine` at what the item costs us (its PurchaseCost, else
 * about 60% of its price), now and then billable to a customer. Returns the lines and their total.
 */
export function expenseLines(random: Random, items: readonly StoredRecord[], customers: readonly StoredRecord[]): { Line: JsonValue[]; total: number } {
  const lines: JsonValue[] = [];
  let total = 0;
  for (let n = 1, count = random.int(1, 5); n <= count; n++) {
    const item = random.pick(items);
    const price = typeof item.json.UnitPrice === 'number' ? item.json.UnitPrice : 10;
    const unitCost = typeof item.json.PurchaseCost === 'number' ? item.json.PurchaseCost : roundMoney(price * 0.6);
    const qty = random.int(1, 50);
    const amount = roundMoney(unitCost * qty);
    total = roundMoney(total + amount);
    const billable = customers.length > 0 && random.chance(0.2);
    lines.push({
      Id: String(n),
      LineNum: n,
      Description: typeof item.json.PurchaseDesc === 'string' ? item.json.PurchaseDesc : String(item.json.Name),
      Amount: amount,
      DetailType: 'ItemBasedExpenseLineDetail',
      ItemBasedExpenseLineDetail: {
        ItemRef: refTo(item, 'Name'),
        UnitPrice: unitCost,
        Qty: qty,
        TaxCodeRef: TAX_CODE,
        BillableStatus: billable ? 'Billable' : 'NotBillable',
        ...(billable ? { CustomerRef: refTo(random.pick(customers), 'DisplayName') } : {}),
      },
    });
  }
  return { Line: lines, total };
}
