import { SIM_FIXTURES } from '../../../src/simulator';
import { generateCompany, type GeneratedCompany } from '../../../src/simulator/generator/generate-company';
import type { JsonObject, JsonValue } from '../../../src/simulator/json';

const NOW = Date.UTC(2025, 9, 1, 15, 30);
const SIZES = { customers: 2000, vendors: 400, items: 1200, invoices: 1500, estimates: 500, purchase_orders: 300, bills: 400 };
const json = (company: GeneratedCompany, entity: keyof GeneratedCompany): JsonObject[] => company[entity].map((r) => r.json);

/** Every value present, recursively: QBO omits what has no value instead of sending null or "" (docs/quickbooks.md#entities). */
function emptyValues(value: JsonValue, path = ''): string[] {
  if (value === null || value === '') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => emptyValues(v, `${path}[${i}]`));
  if (typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => (v === undefined ? [`${path}.${k}`] : emptyValues(v, `${path}.${k}`)));
  return [];
}

describe('company generator', () => {
  const company = generateCompany(42, SIZES, NOW);
  const customers = json(company, 'Customer');

  it('when the same seed, sizes and clock are used twice, then the company is byte-identical; another seed differs', () => {
    const again = generateCompany(42, SIZES, NOW);
    for (const entity of ['Customer', 'Vendor', 'Item', 'Invoice'] as const) {
      expect(JSON.stringify(json(again, entity))).toBe(JSON.stringify(json(company, entity)));
    }
    expect(JSON.stringify(json(generateCompany(43, SIZES, NOW), 'Customer'))).not.toBe(JSON.stringify(customers));
  });

  it('when sizes are given, then each entity has exactly that many records with Ids 1..n, fixtures first', () => {
    for (const [entity, size] of [['Customer', SIZES.customers], ['Vendor', SIZES.vendors], ['Item', SIZES.items], ['Invoice', SIZES.invoices]] as const) {
      expect(company[entity].map((r) => r.id)).toEqual(Array.from({ length: size }, (_, i) => String(i + 1)));
    }
    expect(company.Customer[Number(SIM_FIXTURES.customers.obrienAndSons.id) - 1]?.json.DisplayName).toBe("O'Brien & Sons");
    expect(company.Item[Number(SIM_FIXTURES.items.hexBolt.id) - 1]?.json).toMatchObject({ Sku: 'PRD-00123', Description: 'Stainless steel hex bolt, M8 x 40 mm, pack of 50' });
  });

  it('when the company is generated, then every record carries Id, SyncToken "0", MetaData in the past two years, domain and sparse', () => {
    for (const entity of ['Customer', 'Vendor', 'Item', 'Invoice'] as const) {
      const wrong = company[entity].filter((record) => {
        const { Id, SyncToken, domain, sparse, MetaData } = record.json;
        return Id !== record.id || SyncToken !== '0' || domain !== 'QBO' || sparse !== false || typeof MetaData !== 'object'
          || record.createdMs > record.updatedMs || record.updatedMs >= NOW || record.createdMs < NOW - 732 * 86_400_000;
      });
      expect(wrong.map((record) => record.id)).toEqual([]);
    }
    expect(customers[20]?.MetaData).toEqual({ CreateTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-0[78]:00$/), LastUpdatedTime: expect.any(String) });
  });

  it('when optional properties have no value, then they are omitted, never null or empty', () => {
    for (const entity of ['Customer', 'Vendor', 'Item', 'Invoice'] as const) {
      expect(json(company, entity).flatMap((record) => emptyValues(record))).toEqual([]);
    }
    expect(customers.some((c) => c.PrimaryEmailAddr === undefined)).toBe(true);
    expect(customers.some((c) => c.PrimaryPhone === undefined)).toBe(true);
  });

  it('when name lists are generated, then about 10% are inactive and DisplayNames are unique across customers and vendors', () => {
    for (const entity of ['Customer', 'Vendor'] as const) {
      const records = json(company, entity);
      const share = records.filter((r) => r.Active === false).length / records.length;
      expect(share).toBeGreaterThan(0.07);
      expect(share).toBeLessThan(0.14);
    }
    const names = [...customers, ...json(company, 'Vendor')].map((r) => String(r.DisplayName).toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  it('when names are generated, then accents, apostrophes, ampersands and CJK names appear', () => {
    const names = customers.map((c) => String(c.DisplayName));
    for (const pattern of [/[üöäéèñøåłßđæ]/i, /'/, / & /, /[\u4e00-\u9fff]/]) expect(names.filter((n) => pattern.test(n)).length).toBeGreaterThan(5);
  });

  it('when a customer is a job, then it has Job, ParentRef, Level and a "Parent:Job" FullyQualifiedName', () => {
    const byId = new Map(customers.map((c) => [c.Id, c]));
    const jobs = customers.filter((c) => c.Job === true);
    expect(jobs.length).toBeGreaterThan(SIZES.customers * 0.04);
    for (const job of jobs) {
      const parent = byId.get((job.ParentRef as { value: string }).value);
      expect(parent).toBeDefined();
      expect(job.FullyQualifiedName).toBe(`${String(parent?.FullyQualifiedName)}:${String(job.DisplayName)}`);
      expect(job.Level).toBe(Number(parent?.Level ?? 0) + 1);
    }
    expect(byId.get(SIM_FIXTURES.customers.oceanViewRoad.id)?.FullyQualifiedName).toBe('Freeman Sporting Goods:0969 Ocean View Road');
    const top = customers.filter((c) => c.Job === false);
    expect(top.every((c) => c.ParentRef === undefined && c.Level === undefined && c.FullyQualifiedName === c.DisplayName)).toBe(true);
    const parentsWithJobs = top.filter((c) => c.BalanceWithJobs !== c.Balance);
    expect(parentsWithJobs.length).toBeGreaterThan(0);
  });

  it('when items are generated, then every Type appears, SKUs have both shapes and only Inventory tracks QtyOnHand', () => {
    const items = json(company, 'Item');
    expect(new Set(items.map((i) => i.Type))).toEqual(new Set(['Inventory', 'NonInventory', 'Service', 'Category', 'Group']));
    const skus = items.map((i) => i.Sku).filter((s): s is string => typeof s === 'string');
    expect(skus.some((s) => /^PRD-\d{5}$/.test(s))).toBe(true);
    expect(skus.some((s) => /^[A-Z]{2}-\d{2}-[A-Z]\d*$/.test(s))).toBe(true);
    expect(items.filter((i) => i.QtyOnHand !== undefined).every((i) => i.Type === 'Inventory')).toBe(true);
    expect(items.filter((i) => i.Type === 'Category').every((i) => i.Active === true && i.UnitPrice === undefined)).toBe(true);
    expect(items.filter((i) => typeof i.Description === 'string' && String(i.Description).split(' ').length >= 5).length).toBeGreaterThan(100);
  });

  it('when invoices are generated, then they reference real customers and items, add up, and carry P.O. Number or Crew # values', () => {
    const customerIds = new Set(customers.map((c) => c.Id));
    const invoices = json(company, 'Invoice');
    const values = (name: string) => invoices.flatMap((inv) => (inv.CustomField as { Name: string; StringValue?: string }[]).filter((f) => f.Name === name && f.StringValue !== undefined));
    for (const invoice of invoices) {
      expect(customerIds.has((invoice.CustomerRef as { value: string }).value)).toBe(true);
      const lines = invoice.Line as { Amount: number; DetailType: string }[];
      const sales = lines.filter((l) => l.DetailType === 'SalesItemLineDetail').reduce((sum, l) => sum + l.Amount, 0);
      expect(invoice.TotalAmt).toBeCloseTo(sales, 2);
      expect(lines.at(-1)?.DetailType).toBe('SubTotalLineDetail');
      expect(Number(invoice.Balance)).toBeLessThanOrEqual(Number(invoice.TotalAmt));
    }
    expect(values('P.O. Number').length / invoices.length).toBeGreaterThan(0.3);
    expect(values('P.O. Number').some((f) => /^PO-\d{4}-\d{4}$/.test(f.StringValue ?? ''))).toBe(true);
    expect(values('P.O. Number').some((f) => /^45000\d{5}$/.test(f.StringValue ?? ''))).toBe(true);
    expect(values('Crew #').length).toBeGreaterThan(0);
    // Lazily built invoices are rebuilt identically on every read.
    expect(JSON.stringify(company.Invoice[1500]?.json)).toBe(JSON.stringify(company.Invoice[1500]?.json));
  });

  it('when estimates, purchase orders and bills are generated, then their parties resolve, DocNumbers share prefixes, and statuses and balances vary', () => {
    const customerNames = new Map(customers.map((c) => [c.Id, c.DisplayName]));
    const vendorNames = new Map(json(company, 'Vendor').map((v) => [v.Id, v.DisplayName]));
    const refOk = (ref: JsonValue | undefined, names: Map<JsonValue | undefined, JsonValue | undefined>) => {
      const { value, name } = ref as { value: string; name: string };
      return names.get(value) === name;
    };
    const estimates = json(company, 'Estimate');
    const orders = json(company, 'PurchaseOrder');
    const bills = json(company, 'Bill');
    expect([estimates.length, orders.length, bills.length]).toEqual([SIZES.estimates, SIZES.purchase_orders, SIZES.bills]);
    for (const record of [...estimates, ...orders, ...bills]) {
      expect(emptyValues(record)).toEqual([]);
      expect((record.Line as JsonValue[]).length).toBeGreaterThan(0);
      expect(record.TxnDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(estimates.every((e) => refOk(e.CustomerRef, customerNames))).toBe(true);
    expect([...orders, ...bills].every((r) => refOk(r.VendorRef, vendorNames))).toBe(true);

    expect(estimates.filter((e) => /^EST-\d{4}-\d{4}$/.test(String(e.DocNumber))).length / estimates.length).toBeGreaterThan(0.6);
    expect(new Set(estimates.map((e) => e.TxnStatus))).toEqual(new Set(['Pending', 'Accepted', 'Closed', 'Rejected']));
    expect(orders.every((o) => /^PO-\d+$/.test(String(o.DocNumber)))).toBe(true);
    expect(new Set(orders.map((o) => o.POStatus))).toEqual(new Set(['Open', 'Closed']));
    expect(orders.some((o) => typeof o.Memo === 'string')).toBe(true);
    const billNumbers = bills.map((b) => b.DocNumber);
    expect(billNumbers.filter((n) => n === undefined).length).toBeGreaterThan(0); // QuickBooks never numbers bills
    expect(billNumbers.some((n) => /^INV-\d+$/.test(String(n)))).toBe(true);
    expect(bills.some((b) => b.Balance === 0) && bills.some((b) => Number(b.Balance) > 0)).toBe(true);
    // Accented party names reach the references (the name pools have them).
    expect([...estimates, ...orders, ...bills].some((r) => /[^\p{ASCII}]/u.test(String(((r.CustomerRef ?? r.VendorRef) as { name: string }).name)))).toBe(true);
    expect(JSON.stringify(company.Bill[10]?.json)).toBe(JSON.stringify(company.Bill[10]?.json));
  });
});
