/**
 * Our small record types: everything past the normalizers (normalizers.ts) uses these, never raw QBO shapes. Every
 * optional field may be missing because QuickBooks omits properties that have no value (docs/quickbooks.md#entities).
 */

/** What every record carries; the entity table (entities.ts) holds only normalizers returning one. */
export interface BaseRecord {
  /** QBO Id, always a string (compare as string, never as a number). */
  readonly id: string;
  /** MetaData.LastUpdatedTime as QBO sent it (ISO 8601 with offset). */
  readonly updatedAt: string;
  readonly active: boolean;
}

/** A name-list party: Customer or Vendor. */
export interface PartyRecord extends BaseRecord {
  /** DisplayName. */
  readonly name: string;
  /** FullyQualifiedName ("Parent:Job") for sub-customers. */
  readonly fullyQualifiedName?: string;
  readonly companyName?: string;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly balance?: number;
  /** ParentRef.value for sub-customers (jobs). */
  readonly parentId?: string;
}

export type CustomerRecord = PartyRecord;
export type VendorRecord = PartyRecord;

export interface ItemRecord extends BaseRecord {
  readonly name: string;
  readonly fullyQualifiedName?: string;
  readonly sku?: string;
  /** QBO Item.Type: Inventory, NonInventory, Service, Category, Group. */
  readonly itemType?: string;
  readonly description?: string;
  readonly purchaseDescription?: string;
  readonly unitPrice?: number;
}

export interface InvoiceRecord extends BaseRecord {
  readonly docNumber?: string;
  readonly customerId?: string;
  readonly customerName?: string;
  readonly txnDate?: string;
  readonly total?: number;
  readonly balance?: number;
  /** The customer's PO number, from the custom field named like "P.O. Number" / "PO #" / "PO Number". */
  readonly poNumber?: string;
}

/** A transaction that may have no DocNumber (then its id is its name in search results). */
interface TransactionRecord extends BaseRecord {
  readonly docNumber?: string;
  readonly txnDate?: string;
  readonly total?: number;
}

export interface EstimateRecord extends TransactionRecord {
  readonly customerId?: string;
  readonly customerName?: string;
  /** TxnStatus: Pending, Accepted, Closed, Rejected, Converted (an open string). */
  readonly status?: string;
  readonly expirationDate?: string;
}

export interface PurchaseOrderRecord extends TransactionRecord {
  readonly vendorId?: string;
  readonly vendorName?: string;
  /** POStatus: Open or Closed. */
  readonly status?: string;
  /** The message for the vendor printed on the PO. */
  readonly memo?: string;
  readonly dueDate?: string;
}

export interface BillRecord extends TransactionRecord {
  readonly vendorId?: string;
  readonly vendorName?: string;
  readonly dueDate?: string;
  readonly balance?: number;
}
