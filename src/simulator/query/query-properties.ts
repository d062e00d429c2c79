import type { SimEntity } from '../entities';
import { isJsonObject, type JsonObject } from '../json';
import type { StoredRecord } from '../records';

export type PropertyType = 'id' | 'string' | 'number' | 'boolean' | 'datetime' | 'date' | 'ref';
export type PropertyValue = string | number | boolean | undefined;

export interface QueryProperty {
  /** QBO's spelling, e.g. `MetaData.LastUpdatedTime`. */
  readonly path: string;
  readonly type: PropertyType;
  /** False when the value is on the stored record itself, so a lazily generated record need not be built. */
  readonly needsJson: boolean;
  get(record: StoredRecord, json: JsonObject | undefined): PropertyValue;
}

const scalar = (path: string, type: PropertyType): QueryProperty => ({
  path,
  type,
  needsJson: true,
  get: (_record, json) => {
    const value = json?.[path];
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
  },
});

/** Objects filter on their main value: a Ref on `value`, an email on `Address` (`WHERE PrimaryEmailAddr = '…'`). */
const nested = (path: string, type: PropertyType, key: string): QueryProperty => ({
  path,
  type,
  needsJson: true,
  get: (_record, json) => {
    const value = json?.[path];
    const inner = isJsonObject(value) ? value[key] : undefined;
    return typeof inner === 'string' ? inner : undefined;
  },
});

const COMMON: readonly QueryProperty[] = [
  { path: 'Id', type: 'id', needsJson: false, get: (record) => record.id },
  { path: 'MetaData.CreateTime', type: 'datetime', needsJson: false, get: (record) => record.createdMs },
  { path: 'MetaData.LastUpdatedTime', type: 'datetime', needsJson: false, get: (record) => record.updatedMs },
];

const strings = (...paths: string[]) => paths.map((path) => scalar(path, 'string'));

/**
 * Only properties QBO marks filterable/sortable may appear in WHERE and ORDERBY (docs/quickbooks.md#queries);
 * anything else gets "property 'X' is not queryable" (quickbooks-ruby issue 403 — e.g. a Vendor's PrimaryEmailAddr
 * and Balance are not). Whether Item `Sku` is filterable is unconfirmed; it is allowed here.
 */
const BY_ENTITY: Readonly<Record<SimEntity, readonly QueryProperty[]>> = {
  Customer: [
    ...strings('DisplayName', 'GivenName', 'MiddleName', 'FamilyName', 'CompanyName', 'FullyQualifiedName', 'PrintOnCheckName', 'Title', 'Suffix'),
    nested('PrimaryEmailAddr', 'string', 'Address'),
    scalar('Active', 'boolean'), scalar('Job', 'boolean'), scalar('Balance', 'number'), scalar('BalanceWithJobs', 'number'),
    scalar('Level', 'number'), nested('ParentRef', 'ref', 'value'),
  ],
  Vendor: [
    ...strings('DisplayName', 'GivenName', 'MiddleName', 'FamilyName', 'CompanyName', 'PrintOnCheckName', 'Title', 'Suffix'),
    scalar('Active', 'boolean'),
  ],
  Item: [
    ...strings('Name', 'FullyQualifiedName', 'Sku', 'Type'),
    scalar('Active', 'boolean'), scalar('SubItem', 'boolean'), scalar('Level', 'number'), scalar('QtyOnHand', 'number'),
    scalar('UnitPrice', 'number'), nested('ParentRef', 'ref', 'value'),
  ],
  Invoice: [
    scalar('DocNumber', 'string'), scalar('TxnDate', 'date'), scalar('DueDate', 'date'), scalar('TotalAmt', 'number'),
    scalar('Balance', 'number'), nested('CustomerRef', 'ref', 'value'),
  ],
  Estimate: [
    scalar('DocNumber', 'string'), scalar('TxnDate', 'date'), scalar('DueDate', 'date'), scalar('TotalAmt', 'number'),
    scalar('TxnStatus', 'string'), nested('CustomerRef', 'ref', 'value'),
  ],
  PurchaseOrder: [
    scalar('DocNumber', 'string'), scalar('TxnDate', 'date'), scalar('DueDate', 'date'), scalar('TotalAmt', 'number'),
    nested('VendorRef', 'ref', 'value'),
  ],
  Bill: [
    scalar('DocNumber', 'string'), scalar('TxnDate', 'date'), scalar('DueDate', 'date'), scalar('TotalAmt', 'number'),
    scalar('Balance', 'number'), nested('VendorRef', 'ref', 'value'),
  ],
};

const INDEX = new Map<SimEntity, ReadonlyMap<string, QueryProperty>>(
  (Object.keys(BY_ENTITY) as SimEntity[]).map((entity) => [
    entity,
    new Map([...COMMON, ...BY_ENTITY[entity]].map((property) => [property.path.toLowerCase(), property])),
  ]),
);

/** Property names are matched without regard to case (`metadata.lastupdatedtime` as in Intuit's samples). */
export function findQueryProperty(entity: SimEntity, name: string): QueryProperty | undefined {
  return INDEX.get(entity)?.get(name.toLowerCase());
}
