import { createCompanyStore, type CompanyStore } from '../../../src/simulator/company-store';
import { generateCompany } from '../../../src/simulator/generator/generate-company';
import { SIM_FIXTURES } from '../../../src/simulator';
import { executeQuery } from '../../../src/simulator/query/execute-query';
import { QueryError } from '../../../src/simulator/query/query-error';

type Row = Record<string, unknown> & { Id: string };
const NOW = Date.UTC(2025, 2, 20, 12, 0, 0);

describe('QBO query executor', () => {
  let store: CompanyStore;
  let clock = NOW;
  const rows = (text: string, entity = 'Customer'): Row[] => (executeQuery(text, store)[entity] as Row[] | undefined) ?? [];
  const validation = (text: string): string => {
    try {
      executeQuery(text, store);
    } catch (error) {
      if (error instanceof QueryError && error.kind === 'validation') return error.detail;
      throw error;
    }
    throw new Error('expected a validation error');
  };

  beforeAll(() => {
    store = createCompanyStore(generateCompany(7, { customers: 300, vendors: 40, items: 120, invoices: 400, estimates: 0, purchase_orders: 0, bills: 0 }, NOW), () => clock);
  });

  it('when Id is compared with anything but = or IN, then it is a validation error', () => {
    expect(rows("select * from Customer where Id = '4'").map((r) => r.DisplayName)).toEqual(['José Müller']);
    expect(rows('select * from Customer where Id in (1, 2, 3)').map((r) => r.Id)).toEqual(['1', '2', '3']);
    expect(validation("select * from Customer where Id > '5'")).toMatch(/^QueryValidationError: operator > is not supported for property 'Id'/);
  });

  it('when a property is unknown or not filterable for the entity, then QBO\'s "not queryable" error comes back', () => {
    expect(validation("select * from Vendor where PrimaryEmailAddr = 'x@y.z'")).toBe("QueryValidationError: property 'PrimaryEmailAddr' is not queryable");
    expect(validation('select * from Customer orderby Shoesize')).toBe("QueryValidationError: property 'Shoesize' is not queryable");
  });

  it('when a value does not fit the property type, then it is a validation error', () => {
    expect(validation("select * from Customer where Active = 'maybe'")).toMatch(/value 'maybe' is not valid for property 'Active'/);
    expect(validation("select * from Customer where MetaData.LastUpdatedTime > 'yesterday'")).toMatch(/not valid for property 'MetaData.LastUpdatedTime'/);
  });

  it('when properties and entity names come in another case, then they still resolve', () => {
    expect(rows("SELECT * FROM CUSTOMER WHERE displayname = 'josé müller'").map((r) => r.Id)).toEqual([SIM_FIXTURES.customers.joseMuller.id]);
  });

  it('when filtering on Active, then the implicit active-only rule is lifted', () => {
    const inactive = rows('select * from Customer where Active = false maxresults 1000');
    expect(inactive.length).toBeGreaterThan(0);
    expect(inactive.every((r) => r.Active === false)).toBe(true);
    expect(rows('select * from Customer maxresults 1000').every((r) => r.Active === true)).toBe(true);
  });

  it('when a timestamp has no offset, then it is read as Pacific time', () => {
    clock = Date.UTC(2025, 2, 20, 17, 0, 0); // 10:00 PDT
    store.update('Customer', SIM_FIXTURES.customers.sorenOdegaard.id, { Notes: 'called' });
    const q = (t: string) => rows(`select * from Customer where MetaData.LastUpdatedTime >= '${t}'`).map((r) => r.Id);
    expect(q('2025-03-20T10:00:00')).toEqual([SIM_FIXTURES.customers.sorenOdegaard.id]);
    expect(q('2025-03-20T10:00:01')).toEqual([]);
    expect(q('2025-03-20T17:00:00Z')).toEqual([SIM_FIXTURES.customers.sorenOdegaard.id]);
  });

  it('when ORDERBY a name DESC with STARTPOSITION, then the page is sorted case-insensitively and offset', () => {
    const all = rows('select * from Vendor where Active in (true, false) orderby DisplayName desc maxresults 1000', 'Vendor').map((r) => String(r.DisplayName));
    expect(all).toEqual([...all].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? 1 : a.toLowerCase() > b.toLowerCase() ? -1 : 0)));
    const page = executeQuery('select * from Vendor where Active in (true, false) orderby DisplayName desc startposition 3 maxresults 2', store);
    expect(page).toMatchObject({ startPosition: 3, maxResults: 2 });
    expect((page.Vendor as Row[]).map((r) => r.DisplayName)).toEqual(all.slice(2, 4));
  });

  it('when STARTPOSITION is past the end or nothing matches, then QueryResponse is empty', () => {
    expect(executeQuery('select * from Customer startposition 100000', store)).toEqual({});
    expect(executeQuery("select * from Customer where DisplayName = 'Nobody At All'", store)).toEqual({});
    expect(executeQuery("select count(*) from Customer where DisplayName = 'Nobody At All'", store)).toEqual({ totalCount: 0 });
  });

  it('when filtering by email, ref and LIKE on a SKU, then the nested values are compared', () => {
    expect(rows(`select * from Customer where PrimaryEmailAddr = '${SIM_FIXTURES.customers.lukaszNowak.email.toUpperCase()}'`).map((r) => r.Id)).toEqual([SIM_FIXTURES.customers.lukaszNowak.id]);
    const invoices = rows(`select * from Invoice where CustomerRef = '${SIM_FIXTURES.customers.amysBirdSanctuary.id}' maxresults 1000`, 'Invoice');
    expect(invoices.map((r) => r.Id)).toContain(SIM_FIXTURES.invoices.amysPurchaseOrder.id);
    expect(invoices.every((r) => (r.CustomerRef as { value: string }).value === '1')).toBe(true);
    expect(rows("select * from Item where Sku like '%00123'", 'Item').map((r) => r.Name)).toEqual([SIM_FIXTURES.items.hexBolt.name]);
    expect(rows("select * from Item where Type in ('Category', 'Group') maxresults 1000", 'Item').every((r) => r.Type === 'Category' || r.Type === 'Group')).toBe(true);
  });

  it('when LIKE has no %, then it must match the whole value (and _ is not a wildcard)', () => {
    expect(rows("select * from Customer where DisplayName like 'acme supply co'").map((r) => r.Id)).toEqual([SIM_FIXTURES.customers.acmeSupply.id]);
    expect(rows("select * from Customer where DisplayName like 'Acme_Supply%'")).toEqual([]);
  });

  it('when MAXRESULTS is over 1000 or the entity unknown, then QBO\'s validation details come back', () => {
    expect(validation('select * from Item maxresults 5000')).toBe('QueryValidationError: value 5000 is too large. Max allowed value is 1000');
    expect(validation('select * from TaxService')).toBe('QueryValidationError: Metadata not found for Entity: TaxService');
    expect(executeQuery('select * from Estimate', store)).toEqual({});
  });
});
