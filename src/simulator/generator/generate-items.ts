import type { JsonObject } from '../json';
import type { Random } from '../random';
import type { StoredRecord } from '../records';
import { formatPacificDate } from '../qbo-time';
import {
  ACCOUNTS, CATEGORIES, FINISHES, MATERIALS, PRODUCTS, SERVICES, SERVICE_TIERS, SIZES, skuFor,
} from './item-pools';
import { finishRecord, randomTimes, roundMoney, startRecord, toStoredRecord, type RecordTimes } from './record-base';

export interface ItemContext {
  /** Item names are unique within items (docs/quickbooks.md#entities). */
  claimName(name: string): string;
  /** Categories generated so far (and fixture ones), for sub-items. */
  readonly categories: { readonly id: string; readonly name: string }[];
  /** Items a sales line can reference (Inventory, NonInventory, Service). */
  readonly sellable: StoredRecord[];
}

type ItemType = 'Inventory' | 'NonInventory' | 'Service' | 'Category' | 'Group';

function pickType(random: Random): ItemType {
  const roll = random.next();
  if (roll < 0.03) return 'Category';
  if (roll < 0.06) return 'Group';
  if (roll < 0.41) return 'Inventory';
  if (roll < 0.66) return 'NonInventory';
  return 'Service';
}

/**
 * Items after the fixtures, of every Type. Products get multi-word descriptions ("Stainless steel hex bolt, M8 x 40,
 * pack of 50"), SKUs like `PRD-00123` or `AB-12-X`, prices; Inventory items add QtyOnHand. About 40% of the items
 * sit under a Category (SubItem, ParentRef, Level 1, FullyQualifiedName "Category:Item"). Categories are never
 * inactive: QBO does not allow it (docs/quickbooks.md#inactive-records).
 */
export function generateItems(random: Random, firstId: number, lastId: number, anchorMs: number, ctx: ItemContext): StoredRecord[] {
  const records: StoredRecord[] = [];
  for (let idNum = firstId; idNum <= lastId; idNum++) {
    const type = pickType(random);
    const times = randomTimes(random, anchorMs);
    const record = type === 'Category'
      ? categoryItem(random, idNum, times, ctx)
      : type === 'Group'
        ? groupItem(random, idNum, times, ctx)
        : sellableItem(random, idNum, type, times, anchorMs, ctx);
    records.push(record);
  }
  return records;
}

function categoryItem(random: Random, idNum: number, times: RecordTimes, ctx: ItemContext): StoredRecord {
  const name = ctx.claimName(random.pick(CATEGORIES));
  ctx.categories.push({ id: String(idNum), name });
  return toStoredRecord(idNum, { Name: name, FullyQualifiedName: name, Type: 'Category', Active: true }, times);
}

/** A new item body with its name and, for about 40%, a place under a category. */
function placement(random: Random, idNum: number, name: string, ctx: ItemContext): JsonObject {
  const fields = startRecord(idNum);
  fields.Name = name;
  if (ctx.categories.length === 0 || !random.chance(0.4)) {
    fields.FullyQualifiedName = name;
    return fields;
  }
  const category = random.pick(ctx.categories);
  fields.FullyQualifiedName = `${category.name}:${name}`;
  fields.SubItem = true;
  fields.ParentRef = { value: category.id, name: category.name };
  fields.Level = 1;
  return fields;
}

function sellableItem(random: Random, idNum: number, type: ItemType, times: RecordTimes, anchorMs: number, ctx: ItemContext): StoredRecord {
  let fields: JsonObject;
  const price = roundMoney(random.pick([2, 10, 40, 150, 900]) * (0.5 + random.next()));
  if (type === 'Service') {
    const service = random.pick(SERVICES);
    fields = placement(random, idNum, ctx.claimName(`${service}${random.pick(SERVICE_TIERS)}`), ctx);
    if (random.chance(0.3)) fields.Sku = skuFor(idNum, random.int(0, 1));
    if (random.chance(0.8)) fields.Description = `${service} by a certified technician, billed ${random.pick(['per hour', 'per visit', 'as a flat fee'])}`;
  } else {
    const material = random.pick(MATERIALS);
    const product = random.pick(PRODUCTS);
    const size = random.pick(SIZES);
    const pack = random.pick([1, 5, 10, 25, 50, 100]);
    fields = placement(random, idNum, ctx.claimName(`${material} ${product.name} ${size}${random.pick(FINISHES)}`), ctx);
    if (type === 'Inventory' || random.chance(0.8)) fields.Sku = skuFor(idNum, random.int(0, 1));
    const packing = pack === 1 ? `sold per ${product.unit}` : `${product.unit} of ${pack}`;
    const description = `${material.toLowerCase()} ${product.name.toLowerCase()}, ${size.replace(/^M(\d+)x(\d+)$/, 'M$1 x $2 mm')}, ${packing}`;
    fields.Description = description.charAt(0).toUpperCase() + description.slice(1);
    if (type === 'Inventory' || random.chance(0.5)) fields.PurchaseDesc = `${product.name} ${size} ${material} - supplier ${product.unit} ${pack}`;
  }
  fields.Type = type;
  fields.Active = !random.chance(0.1);
  fields.Taxable = type !== 'Service';
  fields.UnitPrice = price;
  if (type !== 'Service') fields.PurchaseCost = roundMoney(price * (0.4 + random.next() * 0.3));
  fields.TrackQtyOnHand = type === 'Inventory';
  if (type === 'Inventory') {
    fields.QtyOnHand = random.int(0, 500);
    fields.InvStartDate = formatPacificDate(Math.min(times.createdMs, anchorMs));
    fields.AssetAccountRef = ACCOUNTS.asset;
  }
  fields.IncomeAccountRef = type === 'Service' ? ACCOUNTS.services : ACCOUNTS.income;
  if (type !== 'Service') fields.ExpenseAccountRef = ACCOUNTS.cogs;
  const record = finishRecord(idNum, fields, times);
  ctx.sellable.push(record);
  return record;
}

function groupItem(random: Random, idNum: number, times: RecordTimes, ctx: ItemContext): StoredRecord {
  const name = ctx.claimName(`${random.pick(['Starter', 'Pro', 'Maintenance', 'Install', 'Seasonal'])} ${random.pick(CATEGORIES)} Bundle`);
  const fields = placement(random, idNum, name, ctx);
  fields.Type = 'Group';
  fields.Active = !random.chance(0.1);
  fields.Description = `Bundle: ${name.toLowerCase()}`;
  if (ctx.sellable.length > 0) {
    const lines = [];
    for (let i = random.int(2, 3); i > 0; i--) {
      const component = random.pick(ctx.sellable);
      lines.push({ ItemRef: { value: component.id, name: String(component.json.Name), type: 'Item' }, Qty: random.int(1, 4) });
    }
    fields.ItemGroupDetail = { ItemGroupLine: lines };
  }
  return finishRecord(idNum, fields, times);
}
