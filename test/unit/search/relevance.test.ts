/**
 * The relevance table: for each index and query, the names expected first (in order) and names that
 * must not appear. One row per rule of the README's Search section; read it as the spec of what users see.
 */
import { createSearchIndexes, type IndexName, type SearchIndexes, type SearchOptions } from '../../../src/search';
import { snapshot } from './fixtures';

interface Row {
  readonly index: IndexName;
  readonly query: string;
  /** Names the results start with, in this order. */
  readonly first: readonly string[];
  /** Names that must not be among the results. */
  readonly absent?: readonly string[];
  /** The results are exactly `first`. */
  readonly only?: boolean;
  readonly options?: SearchOptions;
  readonly rule: string;
}

// prettier-ignore
const TABLE: readonly Row[] = [
  // Ordering tiers: exact field, field prefix (active, then inactive), word prefix.
  { rule: 'tiers: exact (name, then company), field prefix, word prefix', index: 'client_names', query: 'acme',
    first: ['Acme', 'Wile E. Coyote Enterprises International', 'Acme Supply Co', 'Acme Old Accounts', 'Roadrunner Acme Depot'], only: true },
  { rule: 'exact beats shorter names', index: 'client_names', query: 'acme',
    first: ['Acme', 'Wile E. Coyote Enterprises International', 'Acme Supply Co'] },
  { rule: 'an exact match on another field ranks first', index: 'client_names', query: 'Acme Supply Co',
    first: ['Acme Supply Co', 'Acme Old Accounts'], only: true },
  { rule: 'field prefix across words', index: 'client_names', query: 'acme sup', first: ['Acme Supply Co', 'Acme Old Accounts'], absent: ['Acme'] },
  { rule: 'active before inactive', index: 'client_names', query: 'acme old', first: ['Acme Old Accounts'] },
  // Within a tier, a match in the name (the primary field) before a match only in another field.
  { rule: 'name prefix before email prefix (shorter name)', index: 'client_names', query: 'ac',
    first: ['Acme', 'Acme Supply Co', 'Acme Old Accounts', 'Bay Books', 'Wile E. Coyote Enterprises International', 'Roadrunner Acme Depot'], only: true },
  { rule: 'activeOnly drops inactive', index: 'client_names', query: 'acme', options: { activeOnly: true },
    first: ['Acme', 'Wile E. Coyote Enterprises International', 'Acme Supply Co', 'Roadrunner Acme Depot'], only: true },
  { rule: 'limit', index: 'client_names', query: 'acme', options: { limit: 2 }, first: ['Acme', 'Wile E. Coyote Enterprises International'], only: true },
  // Accents and letters Unicode does not decompose, both ways.
  { rule: 'accent-insensitive (query without)', index: 'client_names', query: 'muller', first: ['José Müller'] },
  { rule: 'accent-insensitive (query with)', index: 'client_names', query: 'MÜLLER', first: ['José Müller'] },
  { rule: 'accented query finds plain record', index: 'client_names', query: 'café', first: ['Café Olé', 'Cafe Rio'], only: true },
  { rule: 'plain query finds accented record', index: 'client_names', query: 'nunez', first: ['Núñez Industrial'] },
  { rule: 'ø', index: 'client_names', query: 'soren odeg', first: ['Søren Ødegaard'], only: true },
  { rule: 'ø typed', index: 'client_names', query: 'Ødegaard', first: ['Søren Ødegaard'], only: true },
  { rule: 'ł (name prefix before a shorter name with an email prefix)', index: 'client_names', query: 'lukasz', first: ['Łukasz Nowak', 'Adams & Sons'], only: true },
  { rule: 'ß → ss', index: 'client_names', query: 'gross', first: ['Groß GmbH'], only: true },
  { rule: 'ß typed', index: 'client_names', query: 'groß gm', first: ['Groß GmbH'], only: true },
  { rule: 'œ → oe', index: 'vendor_names', query: 'oeuvre', first: ['Œuvre Design'], only: true },
  { rule: 'þ → th', index: 'vendor_names', query: 'thors', first: ['Þórsson Fisheries'], only: true },
  { rule: 'æ → ae', index: 'vendor_names', query: 'aeble', first: ['Æble Farms'], only: true },
  { rule: 'đ → d (inactive still listed)', index: 'vendor_names', query: 'dorde', first: ['Đorđević Transport'], only: true },
  // No letter dedupe: mill is not mil.
  { rule: 'mill does not find Miloš (shorter name first)', index: 'client_names', query: 'mill', first: ['Miller & Co', 'Mill Valley Bakery'], absent: ['Miloš Jovanović'], only: true },
  { rule: 'milo finds Miloš only', index: 'client_names', query: 'milo', first: ['Miloš Jovanović'], only: true },
  // Apostrophes optional, straight or typographic.
  { rule: 'apostrophe omitted', index: 'client_names', query: 'obrien', first: ["O'Brien & Sons"], only: true },
  { rule: 'apostrophe typed', index: 'client_names', query: "o'brien", first: ["O'Brien & Sons"], only: true },
  { rule: 'typographic apostrophe in query', index: 'client_names', query: 'o’brien & sons', first: ["O'Brien & Sons"], only: true },
  { rule: 'typographic apostrophe in record', index: 'client_names', query: "o'neill", first: ['Sean O’Neill'], only: true },
  { rule: 'part after the apostrophe', index: 'client_names', query: 'brien', first: ["O'Brien & Sons"], only: true },
  { rule: 'possessive', index: 'client_names', query: 'amys bird', first: ["Amy's Bird Sanctuary"], only: true },
  { rule: '& is a separator', index: 'client_names', query: 'obrien sons', first: ["O'Brien & Sons"], only: true },
  // Emails by their parts.
  { rule: 'email by domain', index: 'client_names', query: '@example.com', first: ['Jane Doe', 'Wile E. Coyote Enterprises International'], only: true },
  { rule: 'email by local part and domain start', index: 'client_names', query: 'jane@ex', first: ['Jane Doe'], only: true },
  { rule: 'email whole', index: 'client_names', query: 'jane.doe@example.com', first: ['Jane Doe'], only: true },
  { rule: 'email domain word', index: 'client_names', query: 'example', first: ['Jane Doe', 'Wile E. Coyote Enterprises International'], only: true },
  { rule: 'email of another domain not found', index: 'client_names', query: 'jane@acme', first: [], only: true },
  // Multi-word across fields.
  { rule: 'words across name and company', index: 'client_names', query: 'jose indus', first: ['José Müller'], only: true },
  { rule: 'words across name and email', index: 'client_names', query: 'wile example', first: ['Wile E. Coyote Enterprises International'], only: true },
  { rule: 'every word must match', index: 'client_names', query: 'jose acme', first: [], only: true },
  // CJK anywhere inside.
  { rule: 'CJK start of the field before inside', index: 'client_names', query: '山田', first: ['山田商事', '東京都千代田区丸の内一丁目株式会社山田製作所'], only: true },
  { rule: 'CJK inside', index: 'client_names', query: '商事', first: ['山田商事'], only: true },
  { rule: 'CJK inside a longer field, shorter name first', index: 'client_names', query: '株式', first: ['山田商事', '東京都千代田区丸の内一丁目株式会社山田製作所'], only: true },
  { rule: 'CJK inside, query longer than the infix tokens', index: 'client_names', query: '千代田区丸の内一丁目株式会社山田製作', first: ['東京都千代田区丸の内一丁目株式会社山田製作所'], only: true },
  { rule: 'CJK long query that is not inside', index: 'client_names', query: '千代田区丸の内一丁目株式会社山田製作X', first: [], only: true },
  { rule: 'CJK in a description', index: 'product_descriptions', query: 'パウダー', first: ['抹茶 Matcha Powder'], only: true },
  { rule: 'CJK glued to Latin words', index: 'product_names', query: '抹茶', first: ['抹茶 Matcha Powder'], only: true },
  // Products, SKUs and descriptions.
  { rule: 'product name prefix, shorter first', index: 'product_names', query: 'bolt', first: ['Bolt', 'Bolt Cutter', 'Hex Bolt M8', 'Old Bolt'], only: true },
  { rule: 'part_names is product_names', index: 'part_names', query: 'bolt', first: ['Bolt', 'Bolt Cutter', 'Hex Bolt M8', 'Old Bolt'], only: true },
  { rule: 'SKU whole', index: 'part_numbers', query: 'PRD-00123', first: ['Hex Bolt M8'], only: true },
  { rule: 'SKU numeric part', index: 'part_numbers', query: '00123', first: ['Hex Bolt M8'], only: true },
  { rule: 'SKU without dashes', index: 'part_numbers', query: 'prd00123', first: ['Hex Bolt M8'], only: true },
  { rule: 'SKU without dashes (letters)', index: 'part_numbers', query: 'ab12x', first: ['Widget'], only: true },
  { rule: 'SKU inside, word matches before inside ones', index: 'part_numbers', query: '0012', first: ['Hex Nut M8', 'Hex Bolt M8', 'Bolt Cutter'], only: true },
  { rule: 'SKU inside, query longer than the infix tokens', index: 'part_numbers', query: 'abcdefghij9876543210', first: ['Custom Bracket'], only: true },
  { rule: 'SKU long query not inside', index: 'part_numbers', query: 'abcdefghij9876543211', first: [], only: true },
  { rule: 'SKU inside, letters', index: 'part_numbers', query: '08i', first: ['Pump'], only: true },
  { rule: 'SKU field prefix before a match inside', index: 'part_numbers', query: 'prd-0012', first: ['Hex Nut M8', 'Hex Bolt M8', 'Bolt Cutter'], only: true },
  { rule: 'SKU exact before prefix', index: 'part_numbers', query: 'prd-00124', first: ['Hex Nut M8'], only: true },
  { rule: 'SKU exact on the compact form', index: 'part_numbers', query: 'blt', first: ['Bolt'], only: true },
  { rule: 'part_numbers holds items with a SKU only', index: 'part_numbers', query: 'hose', first: [], only: true },
  { rule: 'product_names SKU by word, not inside', index: 'product_names', query: '0123', first: [], only: true },
  { rule: 'description words', index: 'product_descriptions', query: 'hex bolt', first: ['Hex Bolt M8'], only: true },
  { rule: 'description field prefix ranks first', index: 'product_descriptions', query: 'stainless st', first: ['Hex Bolt M8'], only: true },
  { rule: 'purchase description', index: 'product_descriptions', query: 'odegaard', first: ['Garden Hose'], only: true },
  // Invoices.
  { rule: 'PO number whole', index: 'client_pos', query: 'PO-4471', first: ['PO-4471'], only: true },
  { rule: 'PO number part', index: 'client_pos', query: '4471', first: ['4471-B', 'PO-4471'], only: true },
  { rule: 'PO number without separator', index: 'client_pos', query: 'po7788', first: ['PO 7788'], only: true },
  { rule: 'invoice number prefix, shorter first', index: 'invoice_numbers', query: '100', first: ['1001', '1002', '1003', '10010'], only: true },
  { rule: 'invoice number by customer', index: 'invoice_numbers', query: 'acme', first: ['1001', '10010'], only: true },
  { rule: 'invoice number word inside', index: 'invoice_numbers', query: '0042', first: ['INV-2024-0042'], only: true },
  // Sub-items by their parent path (FullyQualifiedName "Parent:Child").
  { rule: 'sub-item by parent and name', index: 'product_names', query: 'hardware washers', first: ['Washers'], only: true },
  { rule: 'parent path typed with its colon', index: 'product_names', query: 'Hardware:Wash', first: ['Washers'], only: true },
  { rule: 'the category before its sub-items', index: 'product_names', query: 'hardware', first: ['Hardware', 'Washers'], only: true },
  // Estimates, purchase orders and bills: DocNumber (else the id), then the party's name (and a PO's memo).
  { rule: 'estimate number prefix shared by many, shorter first', index: 'estimate_numbers', query: 'est-2024',
    first: ['EST-2024-0001', 'EST-2024-0002', 'EST-2024-0010'], only: true },
  { rule: 'estimate number word inside', index: 'estimate_numbers', query: '0010', first: ['EST-2024-0010'], only: true },
  { rule: 'estimates by customer, accent-insensitive', index: 'estimate_numbers', query: 'muller', first: ['EST-2024-0002'], only: true },
  { rule: 'an estimate without DocNumber is named and found by its id', index: 'estimate_numbers', query: 'jane', first: ['305'], only: true },
  { rule: 'PO number prefix', index: 'purchase_orders', query: 'po-10', first: ['PO-1001', 'PO-1002', 'PO-1010'], only: true },
  { rule: 'POs by vendor name', index: 'purchase_orders', query: 'acme hard', first: ['PO-1001', 'PO-1010'], only: true },
  { rule: 'POs by memo, accent-insensitive', index: 'purchase_orders', query: 'jose muller', first: ['PO-1002'], only: true },
  { rule: 'vendor name before nothing: a vendor letter ø', index: 'purchase_orders', query: 'odegaard', first: ['PO-1002'], only: true },
  { rule: 'bill by vendor invoice number', index: 'bill_numbers', query: 'inv-406', first: ['INV-40601'], only: true },
  { rule: 'bills by vendor, the unnumbered one named by its id', index: 'bill_numbers', query: 'ødegaard', first: ['603', 'ODE-2024-0602'], only: true },
  // Filters keep or drop records and never reorder those they keep.
  { rule: 'a customer filter that excludes the best match', index: 'invoice_numbers', query: '100', options: { filter: { customerId: '5' } }, first: ['1003'], only: true },
  { rule: 'the same customer filter on client_pos', index: 'client_pos', query: '4471', options: { filter: { customerId: '1' } }, first: ['PO-4471'], only: true },
  { rule: 'open=true keeps the invoice with a balance of a customer with open and paid ones', index: 'invoice_numbers', query: 'acme', options: { filter: { open: true } }, first: ['1001'], only: true },
  { rule: 'open=true on estimates keeps the pending ones', index: 'estimate_numbers', query: 'acme', options: { filter: { open: true, customerId: '1' } }, first: ['EST-2024-0010'], only: true },
  { rule: 'open=true on purchase orders keeps the open ones', index: 'purchase_orders', query: 'po', options: { filter: { open: true } }, first: ['PO-1002', 'PO-1010'], only: true },
  { rule: 'open=true on bills keeps those with a balance', index: 'bill_numbers', query: 'acme', options: { filter: { open: true } }, first: [], only: true },
  { rule: 'a vendor filter', index: 'bill_numbers', query: 'o', options: { filter: { vendorId: '506' } }, first: ['ODE-2024-0602', '603'], only: true },
  { rule: 'date bounds are inclusive', index: 'estimate_numbers', query: 'est', options: { filter: { from: '2024-04-15', to: '2024-05-31' } }, first: ['EST-2024-0002', 'EST-2024-0010'], only: true },
  { rule: 'a date bound on one day', index: 'estimate_numbers', query: 'est', options: { filter: { from: '2024-03-01', to: '2024-03-01' } }, first: ['EST-2024-0001'], only: true },
  { rule: 'a filter with the limit fills the page from the records it keeps', index: 'invoice_numbers', query: '1', options: { limit: 1, filter: { customerId: '1' } }, first: ['1001'], only: true },
  // Nothing to match.
  { rule: 'no match', index: 'client_names', query: 'zzzz', first: [], only: true },
  { rule: 'infix is not matched in names', index: 'client_names', query: 'cme', first: [], only: true },
];

describe('search relevance', () => {
  let indexes: SearchIndexes;
  beforeAll(async () => {
    indexes = await createSearchIndexes(snapshot);
  });

  it('when a filter is given, then the results are the unfiltered ranking with the other records left out', () => {
    const cases = [
      { index: 'invoice_numbers', query: '1', filter: { customerId: '1' } },
      { index: 'estimate_numbers', query: 'e', filter: { open: true } },
      { index: 'bill_numbers', query: 'a', filter: { from: '2024-04-01' } },
    ] as const;
    for (const { index, query, filter } of cases) {
      const all = indexes.search(index, query, { limit: 100 }).results.map((r) => r.id);
      const kept = indexes.search(index, query, { limit: 100, filter }).results.map((r) => r.id);
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length).toBeLessThan(all.length);
      expect(kept).toEqual(all.filter((id) => kept.includes(id)));
    }
  });

  it.each(TABLE.map((row) => [row.rule, row] as const))('when %s, then the expected names come first', (_rule, row) => {
    const { results, total } = indexes.search(row.index, row.query, row.options);
    const names = results.map((result) => result.name);
    expect(total).toBe(results.length);
    if (row.only) expect(names).toEqual(row.first);
    else expect(names.slice(0, row.first.length)).toEqual(row.first);
    for (const name of row.absent ?? []) expect(names).not.toContain(name);
  });
});
