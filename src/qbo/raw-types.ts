/**
 * QuickBooks Online v3 shapes (minorversion 75) as they come off the wire, typed once. QBO omits every property that
 * has no value (docs/quickbooks.md#entities), so everything except `Id` is optional, and the normalizers still check
 * runtime types: these objects are parsed JSON nobody validated. Only the fields this service reads or may plausibly
 * read are listed; unknown fields pass through untouched.
 */

export interface RawRef {
  readonly value?: string;
  readonly name?: string;
}

export interface RawMetaData {
  /** `2015-07-01T10:14:15-07:00`: the company's offset, not UTC (docs/quickbooks.md#timestamps). */
  readonly CreateTime?: string;
  readonly LastUpdatedTime?: string;
}

export interface RawEmailAddress {
  readonly Address?: string;
}

export interface RawPhone {
  readonly FreeFormNumber?: string;
}

export interface RawAddress {
  readonly Id?: string;
  readonly Line1?: string;
  readonly Line2?: string;
  readonly Line3?: string;
  readonly City?: string;
  readonly Country?: string;
  readonly CountrySubDivisionCode?: string;
  readonly PostalCode?: string;
}

/** What every entity carries (docs/quickbooks.md#query-responses). `status: "Deleted"` appears only on CDC tombstones. */
export interface RawEntity {
  readonly Id: string;
  readonly SyncToken?: string;
  readonly MetaData?: RawMetaData;
  readonly domain?: string;
  readonly sparse?: boolean;
  readonly status?: string;
}

/** What Customer and Vendor share (docs/quickbooks.md#entities). */
export interface RawParty extends RawEntity {
  readonly DisplayName?: string;
  readonly CompanyName?: string;
  readonly Title?: string;
  readonly GivenName?: string;
  readonly MiddleName?: string;
  readonly FamilyName?: string;
  readonly Suffix?: string;
  readonly PrintOnCheckName?: string;
  readonly PrimaryEmailAddr?: RawEmailAddress;
  readonly PrimaryPhone?: RawPhone;
  readonly Mobile?: RawPhone;
  readonly BillAddr?: RawAddress;
  readonly Active?: boolean;
  readonly Balance?: number;
  readonly CurrencyRef?: RawRef;
}

/** Sub-customers (jobs) have `Job: true`, `ParentRef` and `FullyQualifiedName` "Parent:Job". */
export interface RawCustomer extends RawParty {
  readonly FullyQualifiedName?: string;
  readonly Fax?: RawPhone;
  readonly BalanceWithJobs?: number;
  readonly Job?: boolean;
  readonly ParentRef?: RawRef;
  readonly Level?: number;
  readonly BillWithParent?: boolean;
  readonly ShipAddr?: RawAddress;
  readonly Notes?: string;
  readonly Taxable?: boolean;
  readonly PreferredDeliveryMethod?: string;
}

/** Like Customer without the job hierarchy. */
export interface RawVendor extends RawParty {
  readonly WebAddr?: { readonly URI?: string };
  readonly AcctNum?: string;
  readonly Vendor1099?: boolean;
  readonly TaxIdentifier?: string;
  readonly TermRef?: RawRef;
}

/** `Type`: Inventory, NonInventory, Service, Category, Group. */
export interface RawItem extends RawEntity {
  readonly Name?: string;
  readonly FullyQualifiedName?: string;
  readonly Sku?: string;
  readonly Description?: string;
  readonly PurchaseDesc?: string;
  readonly Type?: string;
  readonly UnitPrice?: number;
  readonly PurchaseCost?: number;
  readonly QtyOnHand?: number;
  readonly TrackQtyOnHand?: boolean;
  readonly InvStartDate?: string;
  readonly Active?: boolean;
  readonly Taxable?: boolean;
  readonly SubItem?: boolean;
  readonly ParentRef?: RawRef;
  readonly Level?: number;
  readonly IncomeAccountRef?: RawRef;
  readonly ExpenseAccountRef?: RawRef;
  readonly AssetAccountRef?: RawRef;
}

/** Legacy invoice custom field (up to three per company, names company-defined: docs/quickbooks.md#custom-fields). */
export interface RawCustomField {
  readonly DefinitionId?: string;
  readonly Name?: string;
  readonly Type?: string;
  readonly StringValue?: string;
}

export interface RawInvoiceLine {
  readonly Id?: string;
  readonly LineNum?: number;
  readonly Description?: string;
  readonly Amount?: number;
  readonly DetailType?: string;
  readonly SalesItemLineDetail?: {
    readonly ItemRef?: RawRef;
    readonly Qty?: number;
    readonly UnitPrice?: number;
    readonly TaxCodeRef?: RawRef;
  };
}

/** Transactions have no `Active`; deletions arrive only through CDC. */
export interface RawInvoice extends RawEntity {
  readonly DocNumber?: string;
  readonly TxnDate?: string;
  readonly DueDate?: string;
  readonly CustomerRef?: RawRef;
  readonly TotalAmt?: number;
  readonly Balance?: number;
  readonly Deposit?: number;
  readonly Line?: readonly RawInvoiceLine[];
  readonly CustomField?: readonly RawCustomField[];
  readonly EmailStatus?: string;
  readonly PrintStatus?: string;
  readonly BillEmail?: RawEmailAddress;
  readonly CustomerMemo?: { readonly value?: string };
  readonly PrivateNote?: string;
  readonly SalesTermRef?: RawRef;
  readonly LinkedTxn?: ReadonlyArray<{ readonly TxnId?: string; readonly TxnType?: string }>;
  readonly CurrencyRef?: RawRef;
}

/** Estimates, purchase orders and bills (docs/quickbooks.md#estimates-purchase-orders-and-bills): DocNumber is optional on all three. */
interface RawTransaction extends RawEntity {
  readonly DocNumber?: string;
  readonly TxnDate?: string;
  readonly DueDate?: string;
  readonly TotalAmt?: number;
  readonly PrivateNote?: string;
  readonly Line?: readonly RawInvoiceLine[];
  readonly LinkedTxn?: ReadonlyArray<{ readonly TxnId?: string; readonly TxnType?: string }>;
  readonly CurrencyRef?: RawRef;
}

/** `TxnStatus` is an open string: Pending, Accepted, Closed, Rejected, Converted. */
export interface RawEstimate extends RawTransaction {
  readonly CustomerRef?: RawRef;
  readonly TxnStatus?: string;
  readonly ExpirationDate?: string;
  readonly AcceptedDate?: string;
  readonly AcceptedBy?: string;
  readonly CustomField?: readonly RawCustomField[];
}

/** `POStatus` is `Open` or `Closed`; `Memo` is the message printed for the vendor. */
export interface RawPurchaseOrder extends RawTransaction {
  readonly VendorRef?: RawRef;
  readonly POStatus?: string;
  readonly Memo?: string;
  readonly ShipTo?: RawRef;
  readonly APAccountRef?: RawRef;
  readonly CustomField?: readonly RawCustomField[];
}

/** `Balance` 0 means paid. Bills are never numbered by QuickBooks: DocNumber is whatever the vendor's invoice said, or absent. */
export interface RawBill extends RawTransaction {
  readonly VendorRef?: RawRef;
  readonly Balance?: number;
  readonly APAccountRef?: RawRef;
  readonly SalesTermRef?: RawRef;
}

/** A row is usable when it is an object with a string `Id`; anything else is dropped (and logged) by the client. */
export function isRawEntity(value: unknown): value is RawEntity {
  return typeof value === 'object' && value !== null && typeof (value as { Id?: unknown }).Id === 'string';
}
