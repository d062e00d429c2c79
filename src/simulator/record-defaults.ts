import type { SimEntity } from './entities';
import { isJsonObject, type JsonObject, type JsonValue } from './json';
import { formatPacificDate } from './qbo-time';
import type { StoredRecord } from './records';

/** Thrown for a control call QuickBooks itself would refuse (unknown id, missing name, deleting twice...). */
export class SimulatorControlError extends Error {
  override readonly name = 'SimulatorControlError';
}

/** Properties the simulator owns: a caller can never set them through add or update. */
export const SYSTEM_KEYS: ReadonlySet<string> = new Set(['Id', 'SyncToken', 'MetaData', 'domain', 'sparse']);

export function withoutSystemKeys(fields: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(fields)) if (!SYSTEM_KEYS.has(key)) out[key] = value;
  return out;
}

/**
 * Merges a partial patch into a record without mutating either (generated records share constant parts):
 * objects merge, arrays and primitives replace, `null` removes the property — QBO omits what has no value.
 */
export function mergePatch(base: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isJsonObject(value) && isJsonObject(out[key])) out[key] = mergePatch(out[key] as JsonObject, value);
    else out[key] = value as JsonValue;
  }
  return out;
}

type Lookup = (entity: SimEntity, id: string) => StoredRecord | undefined;

function parentOf(lookup: Lookup, entity: SimEntity, fields: JsonObject): JsonObject | undefined {
  const ref = fields.ParentRef;
  if (!isJsonObject(ref) || typeof ref.value !== 'string') return undefined;
  const parent = lookup(entity, ref.value);
  if (!parent) throw new SimulatorControlError(`${entity} ${ref.value} (ParentRef) does not exist`);
  return parent.json;
}

/**
 * Recomputes the hierarchy QBO derives itself: FullyQualifiedName "Parent:Child", Level, Job/SubItem
 * (docs/quickbooks.md#entities). Only for Customer and Item; other entities pass through.
 */
export function deriveHierarchy(entity: SimEntity, fields: JsonObject, lookup: Lookup): JsonObject {
  const nameKey = entity === 'Customer' ? 'DisplayName' : entity === 'Item' ? 'Name' : undefined;
  if (!nameKey) return fields;
  const name = fields[nameKey];
  if (typeof name !== 'string' || name.trim() === '') throw new SimulatorControlError(`${entity} needs a ${nameKey}`);
  if (name.includes(':')) throw new SimulatorControlError(`${nameKey} cannot contain ':'`);
  const parent = parentOf(lookup, entity, fields);
  const out: JsonObject = { ...fields };
  if (parent) {
    out.FullyQualifiedName = `${String(parent.FullyQualifiedName ?? parent[nameKey])}:${name}`;
    out.Level = (typeof parent.Level === 'number' ? parent.Level : 0) + 1;
    if (entity === 'Customer') out.Job = true;
    else out.SubItem = true;
  } else {
    out.FullyQualifiedName = name;
    delete out.Level;
    delete out.ParentRef;
    if (entity === 'Customer') out.Job = false;
    else delete out.SubItem;
  }
  return out;
}

/** Defaults QBO fills in on create, so a test can add `{DisplayName: 'X'}` and get a complete record. */
export function createDefaults(entity: SimEntity, idNum: number, nowMs: number): JsonObject {
  switch (entity) {
    case 'Customer':
      return { Active: true, BillWithParent: false, Balance: 0, BalanceWithJobs: 0 };
    case 'Vendor':
      return { Active: true, Balance: 0 };
    case 'Item':
      return { Type: 'Service', Active: true };
    case 'Invoice':
      return { DocNumber: String(1000 + idNum), TxnDate: formatPacificDate(nowMs), Line: [], TotalAmt: 0, Balance: 0 };
    case 'Estimate':
      return { DocNumber: String(1000 + idNum), TxnDate: formatPacificDate(nowMs), TxnStatus: 'Pending', Line: [], TotalAmt: 0 };
    case 'PurchaseOrder':
      return { DocNumber: String(1000 + idNum), TxnDate: formatPacificDate(nowMs), POStatus: 'Open', APAccountRef: { value: '33', name: 'Accounts Payable (A/P)' }, Line: [], TotalAmt: 0 };
    case 'Bill':
      // Never numbered by QuickBooks (a caller gives the vendor's number).
      return { TxnDate: formatPacificDate(nowMs), Line: [], TotalAmt: 0, Balance: 0 };
  }
}
