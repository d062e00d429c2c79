import customers from '../../fixtures/qbo/customers.json';
import invoices from '../../fixtures/qbo/invoices.json';
import items from '../../fixtures/qbo/items.json';
import vendors from '../../fixtures/qbo/vendors.json';
import {
  ENTITIES,
  entityForQboName,
  normalizeCustomer,
  normalizeInvoice,
  normalizeItem,
  normalizeRecord,
  normalizeVendor,
  type RawCustomer,
  type RawInvoice,
  type RawItem,
} from '../../../src/qbo';

describe('normalizeCustomer', () => {
  it('when given Intuit sample customer 1, then maps names, contact, balance and MetaData time', () => {
    expect(normalizeCustomer(customers.amy)).toEqual({
      id: '1',
      updatedAt: '2015-07-01T10:14:15-07:00',
      active: true,
      name: "Amy's Bird Sanctuary",
      fullyQualifiedName: "Amy's Bird Sanctuary",
      companyName: "Amy's Bird Sanctuary",
      givenName: 'Amy',
      familyName: 'Lauterbach',
      email: 'Birds@Intuit.com',
      phone: '(650) 555-3311',
      balance: 274,
    });
  });

  it('when the customer is a job, then it keeps "Parent:Job" and the parent id', () => {
    const record = normalizeCustomer(customers.subCustomer);
    expect(record.name).toBe('0969 Ocean View Road');
    expect(record.fullyQualifiedName).toBe('Freeman Sporting Goods:0969 Ocean View Road');
    expect(record.parentId).toBe('7');
    expect(record.companyName).toBeUndefined();
  });

  it('when the customer is inactive and QBO omitted most properties, then it is inactive with only the present fields', () => {
    const record = normalizeCustomer(customers.inactiveSparse);
    expect(record).toEqual({
      id: '58',
      updatedAt: '2016-03-01T08:30:00-08:00',
      active: false,
      name: 'Müller & Söhne GmbH (deleted)',
      fullyQualifiedName: 'Müller & Söhne GmbH (deleted)',
      balance: 0,
    });
    expect(Object.keys(record)).not.toContain('email');
  });

  it('when fields have unexpected types or are blank, then they are dropped instead of breaking the sync', () => {
    const raw = { Id: '9', DisplayName: '  ', CompanyName: 'Acme', Balance: 'n/a', PrimaryEmailAddr: 'x', Active: undefined } as unknown as RawCustomer;
    expect(normalizeCustomer(raw)).toEqual({ id: '9', updatedAt: '', active: true, name: 'Acme', companyName: 'Acme' });
  });
});

describe('normalizeVendor', () => {
  it('when given Intuit sample vendor 30, then maps it like a customer without hierarchy', () => {
    expect(normalizeVendor(vendors.bessie)).toEqual({
      id: '30',
      updatedAt: '2014-09-17T11:13:46-07:00',
      active: true,
      name: 'Books by Bessie',
      companyName: 'Books by Bessie',
      givenName: 'Bessie',
      familyName: 'Williams',
      email: 'Books@Intuit.com',
      phone: '(650) 555-7745',
      balance: 0,
    });
  });

  it('when the vendor is inactive, then active is false', () => {
    expect(normalizeVendor(vendors.pgeInactive)).toMatchObject({ id: '48', name: 'PG&E', active: false, balance: 86.44 });
  });
});

describe('normalizeItem', () => {
  it('when the item is Inventory, then sku, type, descriptions and price are kept', () => {
    expect(normalizeItem(items.inventory)).toEqual({
      id: '5',
      updatedAt: '2014-09-19T13:16:17-07:00',
      active: true,
      name: 'Rock Fountain',
      fullyQualifiedName: 'Rock Fountain',
      sku: 'RF-0005',
      itemType: 'Inventory',
      description: 'Rock Fountain',
      purchaseDescription: 'Rock Fountain',
      unitPrice: 275,
    });
  });

  it('when the item is a Service with price 0, then the zero price is kept and the missing Sku is absent', () => {
    const record = normalizeItem(items.service);
    expect(record).toMatchObject({ itemType: 'Service', unitPrice: 0, description: 'Concrete for fountain installation' });
    expect(record.sku).toBeUndefined();
  });

  it('when the item is a Category, then it has a type and name only', () => {
    expect(normalizeItem(items.category)).toEqual({
      id: '29',
      updatedAt: '2016-06-01T10:00:00-07:00',
      active: true,
      name: 'Trees',
      fullyQualifiedName: 'Trees',
      itemType: 'Category',
    });
  });

  it('when the item is an inactive sub-item, then name is the leaf and fullyQualifiedName the path', () => {
    expect(normalizeItem(items.inactiveSubItem as RawItem)).toMatchObject({
      active: false,
      name: 'Sprinkler Heads (old)',
      fullyQualifiedName: 'Sprinklers:Sprinkler Heads (old)',
      itemType: 'NonInventory',
      purchaseDescription: 'Sprinkler heads, brass',
    });
  });
});

describe('normalizeInvoice', () => {
  it('when the only custom field is "Crew #", then there is no PO number', () => {
    expect(normalizeInvoice(invoices.crewOnly)).toEqual({
      id: '130',
      updatedAt: '2014-09-19T13:16:17-07:00',
      active: true,
      docNumber: '1037',
      customerId: '24',
      customerName: 'Sonnenschein Family Store',
      txnDate: '2014-09-19',
      total: 362.07,
      balance: 362.07,
    });
  });

  it('when a "P.O. Number" custom field has a value, then it becomes the trimmed poNumber', () => {
    expect(normalizeInvoice(invoices.withPo)).toMatchObject({ id: '131', docNumber: '1038', poNumber: 'PO-4471', balance: 0 });
  });

  it('when DocNumber is missing and the custom field has no value, then both are absent', () => {
    const record = normalizeInvoice(invoices.emptyCustomField);
    expect(record.docNumber).toBeUndefined();
    expect(record.poNumber).toBeUndefined();
    expect(record.total).toBe(0);
  });

  it('when CustomField is not an array, then it is ignored', () => {
    const raw = { Id: '5', CustomField: { Name: 'PO #', StringValue: '1' } } as unknown as RawInvoice;
    expect(normalizeInvoice(raw).poNumber).toBeUndefined();
  });
});

describe('entity map', () => {
  it('when looking up each entity, then QBO names, name-list flags and normalizers are defined once', () => {
    expect(Object.values(ENTITIES).map((e) => [e.name, e.qboName, e.nameList])).toEqual([
      ['customers', 'Customer', true],
      ['vendors', 'Vendor', true],
      ['items', 'Item', true],
      ['invoices', 'Invoice', false],
      ['estimates', 'Estimate', false],
      ['purchase_orders', 'PurchaseOrder', false],
      ['bills', 'Bill', false],
    ]);
    expect(entityForQboName('invoice')).toBe('invoices');
    expect(entityForQboName('PURCHASEORDER')).toBe('purchase_orders');
    expect(entityForQboName('Payment')).toBeUndefined();
    expect(normalizeRecord('items', items.category).name).toBe('Trees');
  });
});
