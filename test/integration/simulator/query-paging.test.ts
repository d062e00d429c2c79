import type { QueryCriteria } from 'node-quickbooks';
import { SIM_FIXTURES } from '../../../src/simulator';
import {
  connect, failureOf, qboCall, quickBooksClient, startTestSimulator, type SimulatorUnderTest,
} from '../../support/simulator-clients';

interface Customer { Id: string; DisplayName: string; Active: boolean }
interface QueryBody { QueryResponse: { Customer?: Customer[]; Account?: unknown[]; startPosition?: number; maxResults?: number; totalCount?: number }; time: string }
interface FaultBody { Fault: { Error: { Message: string; Detail: string; code: string }[]; type: string } }

const TOTAL = 2345;

describe('simulator queries through the real node-quickbooks', () => {
  let sut: SimulatorUnderTest;
  let token: string;
  const find = (criteria?: QueryCriteria | QueryCriteria[] | string) => {
    const qbo = quickBooksClient(sut, token);
    return qboCall<QueryBody>((cb) => (criteria === undefined ? qbo.findCustomers(cb) : qbo.findCustomers(criteria as QueryCriteria, cb)));
  };
  const rawQuery = (query: string, init: RequestInit = {}) =>
    fetch(`${sut.running.url}/v3/company/${sut.simulator.realmId}/query?query=${encodeURIComponent(query)}&minorversion=75`, {
      ...init, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...init.headers },
    });

  beforeAll(async () => {
    sut = await startTestSimulator({ sizes: { customers: TOTAL, vendors: 10, items: 20, invoices: 0 } });
    token = (await connect(sut)).accessToken;
  });
  afterAll(() => sut.close());

  it('when paging with Active IN (true,false) ORDERBY Id in pages of 1000, then 3 pages return every customer once, in Id order', async () => {
    const ids: string[] = [];
    const sizes: number[] = [];
    for (let offset = 1; ; offset += 1000) {
      const page = await find({ Active: [true, false], asc: 'Id', offset, limit: 1000 });
      const rows = page.QueryResponse.Customer ?? [];
      if (rows.length > 0) {
        expect(page.QueryResponse).toMatchObject({ startPosition: offset, maxResults: rows.length });
      }
      sizes.push(rows.length);
      ids.push(...rows.map((c) => c.Id));
      if (rows.length < 1000) break;
    }
    expect(sizes).toEqual([1000, 1000, 345]);
    expect(new Set(ids).size).toBe(TOTAL);
    expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((a, b) => a - b));
  });

  it('when the query has no Active condition, then only active customers come back and COUNT(*) agrees', async () => {
    const all = await find({ count: true, Active: [true, false] });
    const active = await find({ count: true });
    expect(all.QueryResponse).toEqual({ totalCount: TOTAL });
    const activeCount = active.QueryResponse.totalCount ?? 0;
    expect(activeCount).toBeLessThan(TOTAL * 0.95);
    expect(activeCount).toBeGreaterThan(TOTAL * 0.8);

    const activeIds: string[] = [];
    for (let offset = 1; offset <= TOTAL; offset += 1000) {
      const rows = (await find({ asc: 'Id', offset, limit: 1000 })).QueryResponse.Customer ?? [];
      expect(rows.every((c) => c.Active)).toBe(true);
      activeIds.push(...rows.map((c) => c.Id));
    }
    expect(activeIds).toHaveLength(activeCount);
    expect(activeIds).not.toContain(SIM_FIXTURES.customers.acmeOldAccounts.id);
  });

  it('when node-quickbooks sends no criteria, then the server default of 100 rows applies', async () => {
    const page = await find();
    expect(page.QueryResponse.Customer).toHaveLength(100);
    expect(page.QueryResponse).toMatchObject({ startPosition: 1, maxResults: 100 });
    expect(page.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}-0[78]:00$/);
  });

  it('when MAXRESULTS is 1001, then QBO\'s validation fault comes back as HTTP 400', async () => {
    const failure = await failureOf(find({ limit: 1001 }));
    expect(failure.status).toBe(400);
    expect((failure.data as FaultBody).Fault).toEqual({
      type: 'ValidationFault',
      Error: [{ Message: 'Invalid query', Detail: 'QueryValidationError: value 1001 is too large. Max allowed value is 1000', code: '4001', element: '' }],
    });
    expect(failure.headers?.intuit_tid).toBeTruthy();
  });

  it('when a name with an apostrophe and an ampersand is queried (node-quickbooks escapes and encodes it), then the fixture is found', async () => {
    const page = await find({ DisplayName: SIM_FIXTURES.customers.obrienAndSons.displayName });
    expect(page.QueryResponse.Customer?.map((c) => c.Id)).toEqual([SIM_FIXTURES.customers.obrienAndSons.id]);
  });

  it('when LIKE with accents is used, then matching is case-insensitive with % wildcards', async () => {
    const page = await find([{ field: 'DisplayName', value: '%müller%', operator: 'LIKE' }, { field: 'limit', value: 1000 }]);
    const names = (page.QueryResponse.Customer ?? []).map((c) => c.DisplayName);
    expect(names).toContain(SIM_FIXTURES.customers.joseMuller.displayName);
    expect(names.every((name) => name.toLowerCase().includes('müller'))).toBe(true);
  });

  it('when the query uses OR, then QBO\'s parse error (code 4000) comes back', async () => {
    const failure = await failureOf(find("where DisplayName = 'a' or DisplayName = 'b'"));
    expect(failure.status).toBe(400);
    const error = (failure.data as FaultBody).Fault.Error[0];
    expect(error).toMatchObject({ Message: 'Error parsing query', code: '4000' });
    expect(error?.Detail).toMatch(/^QueryParserError: Encountered " <OR> "or "" at line 1, column \d+\./);
  });

  it('when another real entity or a nonsense entity is queried, then the first is empty and the second a validation fault', async () => {
    const accounts = await qboCall<QueryBody>((cb) => quickBooksClient(sut, token).findAccounts(cb));
    expect(accounts.QueryResponse).toEqual({});
    const res = await rawQuery('SELECT * FROM Spaceship');
    expect(res.status).toBe(400);
    expect(((await res.json()) as FaultBody).Fault.Error[0]).toMatchObject({ code: '4001', Detail: 'QueryValidationError: Metadata not found for Entity: Spaceship' });
  });

  it('when the query is POSTed as application/text, then it runs like a GET', async () => {
    const res = await fetch(`${sut.running.url}/v3/company/${sut.simulator.realmId}/query?minorversion=75`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/text', Accept: 'application/json' },
      body: `SELECT * FROM Customer WHERE Id IN ('${SIM_FIXTURES.customers.amysBirdSanctuary.id}', '${SIM_FIXTURES.customers.acmeSupply.id}')`,
    });
    const body = (await res.json()) as QueryBody;
    expect(body.QueryResponse.Customer?.map((c) => c.DisplayName)).toEqual([SIM_FIXTURES.customers.amysBirdSanctuary.displayName, SIM_FIXTURES.customers.acmeSupply.displayName]);
  });

  it('when a record is read by id, then it is wrapped in its entity name; an unknown id is QBO\'s Object Not Found', async () => {
    const qbo = quickBooksClient(sut, token);
    const inactive = await qboCall<Customer>((cb) => qbo.getCustomer(SIM_FIXTURES.customers.acmeOldAccounts.id, cb));
    expect(inactive).toMatchObject({ DisplayName: 'Acme Old Accounts', Active: false });
    const failure = await failureOf(qboCall((cb) => qbo.getCustomer('999999', cb)));
    expect(failure.status).toBe(400);
    expect((failure.data as FaultBody).Fault.Error[0]).toMatchObject({ Message: 'Object Not Found', code: '610' });
  });
});
