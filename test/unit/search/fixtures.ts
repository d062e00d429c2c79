/**
 * A small, realistic company for the search tests: every matching and ranking rule has a record here.
 */
import type { BillRecord, CustomerRecord, EstimateRecord, InvoiceRecord, ItemRecord, PartyRecord, PurchaseOrderRecord, VendorRecord } from '../../../src/qbo/records';
import type { SearchSnapshot } from '../../../src/search';

const UPDATED_AT = '2024-06-01T12:00:00-07:00';

type PartyInput = Omit<PartyRecord, 'updatedAt' | 'active'> & { active?: boolean };

function party(input: PartyInput): PartyRecord {
  return { updatedAt: UPDATED_AT, active: true, ...input };
}

export const customers: CustomerRecord[] = [
  party({ id: '1', name: 'Acme Supply Co', companyName: 'Acme Supply Co', email: 'orders@acme.com', balance: 1250.5 }),
  party({ id: '2', name: 'Acme Old Accounts', companyName: 'Acme Supply Co', active: false, balance: 0 }),
  party({ id: '3', name: "Amy's Bird Sanctuary", companyName: "Amy's Bird Sanctuary", givenName: 'Amy', familyName: 'Lauber', email: 'birds@intuit.com', balance: 239 }),
  party({ id: '4', name: "O'Brien & Sons", companyName: "O'Brien & Sons", givenName: 'Pat', familyName: "O'Brien" }),
  party({ id: '5', name: 'José Müller', companyName: 'Industrial Metals', givenName: 'José', familyName: 'Müller', email: 'jose.muller@industrial-metals.com' }),
  party({ id: '6', name: 'Søren Ødegaard', givenName: 'Søren', familyName: 'Ødegaard' }),
  party({ id: '7', name: 'Łukasz Nowak', givenName: 'Łukasz', familyName: 'Nowak', email: 'lukasz@nowak.pl' }),
  party({ id: '8', name: 'Groß GmbH', companyName: 'Groß GmbH' }),
  party({ id: '9', name: 'Miloš Jovanović', givenName: 'Miloš', familyName: 'Jovanović' }),
  party({ id: '10', name: 'Mill Valley Bakery', companyName: 'Mill Valley Bakery' }),
  party({ id: '11', name: 'Miller & Co', companyName: 'Miller & Co' }),
  party({ id: '12', name: '山田商事', companyName: '山田商事株式会社' }),
  party({ id: '13', name: 'Jane Doe', givenName: 'Jane', familyName: 'Doe', email: 'jane.doe@example.com' }),
  party({ id: '14', name: 'Acme', companyName: 'Acme' }),
  party({ id: '15', name: 'Wile E. Coyote Enterprises International', companyName: 'Acme', givenName: 'Wile', familyName: 'Coyote', email: 'wile@example.com' }),
  party({ id: '16', name: 'Roadrunner Acme Depot' }),
  party({ id: '17', name: 'Café Olé', companyName: 'Café Olé' }),
  party({ id: '18', name: 'Cafe Rio', companyName: 'Cafe Rio' }),
  party({ id: '19', name: 'Sean O’Neill', givenName: 'Sean', familyName: 'O’Neill', email: 'sean@oneill.ie' }),
  party({ id: '20', name: 'Núñez Industrial', companyName: 'Núñez Industrial' }),
  party({ id: '21', name: '東京都千代田区丸の内一丁目株式会社山田製作所' }),
  // Short names matched through their email only (a name match must rank first, within the same tier).
  party({ id: '22', name: 'Bay Books', companyName: 'Bay Books', email: 'accounts@baybooks.com' }),
  party({ id: '23', name: 'Adams & Sons', companyName: 'Adams & Sons', email: 'lukasz.chen97@adams-sons.com' }),
];

export const vendors: VendorRecord[] = [
  party({ id: '501', name: 'Acme Hardware Wholesale', companyName: 'Acme Hardware Wholesale', email: 'sales@acme-hw.com' }),
  party({ id: '502', name: 'Œuvre Design', companyName: 'Œuvre Design' }),
  party({ id: '503', name: 'Þórsson Fisheries', companyName: 'Þórsson Fisheries' }),
  party({ id: '504', name: 'Æble Farms', companyName: 'Æble Farms' }),
  party({ id: '505', name: 'Đorđević Transport', companyName: 'Đorđević Transport', active: false }),
  party({ id: '506', name: 'Ødegaard Supply AS', companyName: 'Ødegaard Supply AS' }),
];

type ItemInput = Omit<ItemRecord, 'updatedAt' | 'active'> & { active?: boolean };

function item(input: ItemInput): ItemRecord {
  return { updatedAt: UPDATED_AT, active: true, itemType: 'Inventory', ...input };
}

export const items: ItemRecord[] = [
  item({ id: '101', name: 'Hex Bolt M8', sku: 'PRD-00123', description: 'Stainless steel hex bolt M8', unitPrice: 0.25 }),
  item({ id: '102', name: 'Hex Nut M8', sku: 'PRD-00124', description: 'Zinc plated hex nut M8', unitPrice: 0.1 }),
  item({ id: '103', name: 'Widget', sku: 'AB-12-X', description: 'Blue plastic widget', unitPrice: 4 }),
  item({ id: '104', name: 'Garden Hose', description: 'Rubber garden hose 15 m', purchaseDescription: 'Hose from Ødegaard Supply', itemType: 'NonInventory' }),
  item({ id: '105', name: 'Bolt Cutter', sku: 'PRD-10012', description: 'Heavy duty bolt cutter 600 mm', unitPrice: 49 }),
  item({ id: '106', name: 'Old Bolt', sku: 'PRD-00999', description: 'Discontinued carriage bolt', active: false }),
  item({ id: '107', name: '抹茶 Matcha Powder', sku: 'JP-001', description: '宇治抹茶パウダー 100g' }),
  item({ id: '108', name: 'Pump', sku: 'GI08I', description: 'Submersible water pump', itemType: 'Service' }),
  item({ id: '109', name: 'Bolt', sku: 'BLT', description: 'Generic bolt' }),
  item({ id: '110', name: 'Custom Bracket', sku: 'CUST-ABCDEFGHIJ-9876543210', description: 'Made to order bracket' }),
  item({ id: '111', name: 'Hardware', fullyQualifiedName: 'Hardware', itemType: 'Category' }),
  item({ id: '112', name: 'Washers', fullyQualifiedName: 'Hardware:Washers', sku: 'HW-WASH', description: 'Assorted washers' }),
];

type InvoiceInput = Omit<InvoiceRecord, 'updatedAt' | 'active'> & { active?: boolean };

function invoice(input: InvoiceInput): InvoiceRecord {
  return { updatedAt: UPDATED_AT, active: true, txnDate: '2024-05-01', ...input };
}

export const invoices: InvoiceRecord[] = [
  invoice({ id: '201', docNumber: '1001', customerId: '1', customerName: 'Acme Supply Co', poNumber: 'PO-4471', total: 500, balance: 500 }),
  invoice({ id: '202', docNumber: '1002', customerId: '3', customerName: "Amy's Bird Sanctuary", poNumber: '4471-B', total: 80 }),
  invoice({ id: '203', docNumber: '1003', customerId: '5', customerName: 'José Müller', total: 1200, balance: 0 }),
  invoice({ id: '204', docNumber: 'INV-2024-0042', customerId: '4', customerName: "O'Brien & Sons", poNumber: 'PO 7788', total: 42 }),
  invoice({ id: '205', customerId: '13', customerName: 'Jane Doe', poNumber: 'A-100', total: 10 }),
  invoice({ id: '206', docNumber: '10010', customerId: '1', customerName: 'Acme Supply Co', total: 99 }),
];

const transaction = <R extends { id: string }>(input: Omit<R, 'updatedAt' | 'active'>): R => ({ updatedAt: UPDATED_AT, active: true, ...input }) as unknown as R;

export const estimates: EstimateRecord[] = [
  transaction<EstimateRecord>({ id: '301', docNumber: 'EST-2024-0001', customerId: '1', customerName: 'Acme Supply Co', txnDate: '2024-03-01', total: 900, status: 'Accepted' }),
  transaction<EstimateRecord>({ id: '302', docNumber: 'EST-2024-0002', customerId: '5', customerName: 'José Müller', txnDate: '2024-04-15', total: 150, status: 'Pending' }),
  transaction<EstimateRecord>({ id: '303', docNumber: 'EST-2024-0010', customerId: '1', customerName: 'Acme Supply Co', txnDate: '2024-05-31', total: 75, status: 'Pending' }),
  transaction<EstimateRecord>({ id: '304', docNumber: '1004', customerId: '3', customerName: "Amy's Bird Sanctuary", txnDate: '2024-05-01', total: 20, status: 'Rejected' }),
  transaction<EstimateRecord>({ id: '305', customerId: '13', customerName: 'Jane Doe', txnDate: '2024-05-02', total: 12, status: 'Pending' }),
];

export const purchaseOrders: PurchaseOrderRecord[] = [
  transaction<PurchaseOrderRecord>({ id: '401', docNumber: 'PO-1001', vendorId: '501', vendorName: 'Acme Hardware Wholesale', txnDate: '2024-02-01', total: 300, status: 'Closed' }),
  transaction<PurchaseOrderRecord>({ id: '402', docNumber: 'PO-1002', vendorId: '506', vendorName: 'Ødegaard Supply AS', txnDate: '2024-04-01', total: 120, status: 'Open', memo: 'For José Müller, rush order' }),
  transaction<PurchaseOrderRecord>({ id: '403', docNumber: 'PO-1010', vendorId: '501', vendorName: 'Acme Hardware Wholesale', txnDate: '2024-05-20', total: 45, status: 'Open' }),
];

export const bills: BillRecord[] = [
  transaction<BillRecord>({ id: '601', docNumber: 'INV-40601', vendorId: '501', vendorName: 'Acme Hardware Wholesale', txnDate: '2024-02-10', dueDate: '2024-03-10', total: 300, balance: 0 }),
  transaction<BillRecord>({ id: '602', docNumber: 'ODE-2024-0602', vendorId: '506', vendorName: 'Ødegaard Supply AS', txnDate: '2024-04-05', dueDate: '2024-05-05', total: 120, balance: 120 }),
  transaction<BillRecord>({ id: '603', vendorId: '506', vendorName: 'Ødegaard Supply AS', txnDate: '2024-05-01', dueDate: '2024-05-31', total: 8, balance: 8 }),
];

export const snapshot: SearchSnapshot = { customers, vendors, items, invoices, estimates, purchase_orders: purchaseOrders, bills };
