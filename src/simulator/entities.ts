/** The entities the simulated company holds, spelled as QuickBooks spells them in responses. */
export const SIM_ENTITIES = ['Customer', 'Vendor', 'Item', 'Invoice', 'Estimate', 'PurchaseOrder', 'Bill'] as const;
export type SimEntity = (typeof SIM_ENTITIES)[number];

/**
 * Name lists: a query without an `Active` condition returns active records only
 * (docs/quickbooks.md#inactive-records), and they are deactivated rather than deleted. Account and Employee are name
 * lists too but the simulator holds none of them.
 */
export type SimNameList = 'Customer' | 'Vendor' | 'Item';

export function isSimNameList(entity: SimEntity): entity is SimNameList {
  return entity === 'Customer' || entity === 'Vendor' || entity === 'Item';
}

export const NAME_LISTS: ReadonlySet<string> = new Set(['Customer', 'Vendor', 'Item', 'Account', 'Employee', 'Class', 'Department', 'Term', 'PaymentMethod', 'TaxCode', 'CustomerType']);

/**
 * Other entity names QBO's query and CDC endpoints know. They answer as an empty company would (`{}`), which is what
 * a client asking for them of a real company with none of them sees. Anything else fails validation.
 */
const OTHER_QBO_ENTITIES = [
  'Account', 'Attachable', 'BillPayment', 'Budget', 'Class', 'CompanyCurrency', 'CompanyInfo', 'CreditMemo',
  'CreditCardPayment', 'CustomerType', 'Department', 'Deposit', 'Employee', 'Entitlements', 'ExchangeRate',
  'JournalCode', 'JournalEntry', 'Payment', 'PaymentMethod', 'Preferences', 'Purchase', 'RecurringTransaction',
  'RefundReceipt', 'ReimburseCharge', 'SalesReceipt', 'TaxAgency', 'TaxCode', 'TaxPayment', 'TaxRate', 'Term', 'TimeActivity',
  'Transfer', 'VendorCredit',
] as const;

const CANONICAL = new Map<string, string>(
  [...SIM_ENTITIES, ...OTHER_QBO_ENTITIES].map((name) => [name.toLowerCase(), name]),
);

/** QBO's spelling of an entity name given in any case, or undefined when QBO has no such entity. */
export function canonicalEntityName(name: string): string | undefined {
  return CANONICAL.get(name.toLowerCase());
}

export function isSimEntity(name: string): name is SimEntity {
  return (SIM_ENTITIES as readonly string[]).includes(name);
}

/** The lower-case path segment of single-record reads (`/customer/42`), as node-quickbooks builds it. */
export function simEntityFromPath(segment: string): SimEntity | undefined {
  const name = canonicalEntityName(segment);
  return name !== undefined && isSimEntity(name) ? name : undefined;
}
