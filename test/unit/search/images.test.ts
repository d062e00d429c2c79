/**
 * Search images (src/search/image-format.ts): an index imported from the image of an earlier build must
 * answer exactly like a fresh build of the records it is imported against, whatever changed in between.
 */
import type { CustomerRecord, ItemRecord } from '../../../src/qbo/records';
import { createSearchIndexes, type ImageSink, type ImageSource, type SearchDelta, type SearchIndexes, type SearchSnapshot } from '../../../src/search';
import { applyToSnapshot, expectSameAnswers } from './compare-indexes';
import { customers, items, snapshot } from './fixtures';
import { createRandom, generateSnapshot, randomQuery } from './generated-records';
import { refRecords } from './reference-search';

/** Images kept in memory, line by line, as the store's files hold them. */
function memoryImages(): ImageSink & ImageSource & { readonly files: Map<string, string[]> } {
  const files = new Map<string, string[]>();
  return {
    files,
    async write(index, lines) {
      const written: string[] = [];
      for await (const line of lines) written.push(line);
      files.set(index, written);
    },
    read(index) {
      const lines = files.get(index);
      if (lines === undefined) return null;
      return (async function* () {
        yield* lines;
      })();
    },
  };
}

async function imagesOf(indexes: SearchIndexes): Promise<ReturnType<typeof memoryImages>> {
  const images = memoryImages();
  await indexes.writeImages(images);
  return images;
}

const queries = ['a', 'acme', 'acme s', 'mill', 'zeta', '@example.com', 'oeuvre', 'bolt', 'prd', '00123', 'hose', 'po', '4471', '1', 'jane', '東京'];
const ALL_INDEXES = ['client_names', 'vendor_names', 'product_names', 'product_descriptions', 'client_pos', 'invoice_numbers', 'estimate_numbers', 'purchase_orders', 'bill_numbers'];

describe('search images', () => {
  it('when indexes are imported from the images of the same records, then nothing is built and every answer equals a fresh build', async () => {
    const built = await createSearchIndexes(snapshot);
    const images = await imagesOf(built);
    expect([...images.files.keys()].sort()).toEqual([...ALL_INDEXES].sort());

    const imported = await createSearchIndexes(snapshot, { images });
    expect(imported.loadReport).toEqual({ imported: ALL_INDEXES, built: [], changed: 0 });
    expectSameAnswers(imported, built, queries);
  });

  it('when records were added, renamed, deactivated and deleted since the image, then those go through the delta path and answers equal a fresh build', async () => {
    const images = await imagesOf(await createSearchIndexes(snapshot));
    const change: SearchDelta = {
      customers: {
        upserts: [
          { id: '100', updatedAt: '2024-06-02T00:00:00Z', active: true, name: 'Acme Zeta Corp', email: 'zeta@example.com' },
          { ...(customers.find((c) => c.id === '10') as CustomerRecord), name: 'Millbrook Bakery' },
          { ...(customers.find((c) => c.id === '1') as CustomerRecord), active: false },
        ],
        deletes: ['14'],
      },
      items: { upserts: [{ ...(items.find((i) => i.id === '101') as ItemRecord), sku: 'PRD-77777' }] },
    };
    const now = applyToSnapshot(snapshot, change);

    const imported = await createSearchIndexes(now, { images });
    expect(imported.loadReport.built).toEqual([]);
    // Three customers and one item differ from the image (a Sku is searched by product_names only, so
    // product_descriptions keeps its entry); the deletion needs no work.
    expect(imported.loadReport.changed).toBe(4);
    expectSameAnswers(imported, await createSearchIndexes(now), [...queries, '77777', 'millb']);
  });

  it('when random records change between the image and the load, then random queries equal a fresh build', async () => {
    const random = createRandom(17);
    const before = generateSnapshot(21, { customers: 500, items: 250, invoices: 200 });
    const donors = generateSnapshot(22, { customers: 500, items: 250, invoices: 200 });
    const images = await imagesOf(await createSearchIndexes(before));
    const list = <R,>(c: SearchSnapshot[keyof SearchSnapshot] & (readonly R[] | ReadonlyMap<string, R>)) => [...(c instanceof Map ? c.values() : (c as readonly R[]))];
    const swap = <R extends { id: string }>(from: readonly R[], pool: readonly R[]) => from.slice(0, 12).map((r, k) => ({ ...(pool[k] as R), id: r.id }));
    const now = applyToSnapshot(before, {
      customers: { upserts: swap(list(before.customers), list(donors.customers)), deletes: list(before.customers).slice(40, 45).map((r) => r.id) },
      items: { upserts: swap(list(before.items), list(donors.items)) },
      invoices: { deletes: list(before.invoices).slice(0, 6).map((r) => r.id) },
    });
    const imported = await createSearchIndexes(now, { images });
    expect(imported.loadReport.built).toEqual([]);
    const texts = refRecords(now, 'client_names').flatMap((r) => r.fields.map(([t]) => t ?? '').filter(Boolean));
    expectSameAnswers(imported, await createSearchIndexes(now), Array.from({ length: 50 }, () => randomQuery(random, texts)));
  });

  it('when more records changed than a delta may carry, then that index is built instead', async () => {
    const images = await imagesOf(await createSearchIndexes(snapshot));
    const renamed = customers.slice(0, 4).map((c) => ({ ...c, name: `${c.name} Renamed` }));
    const now = applyToSnapshot(snapshot, { customers: { upserts: renamed } });
    const loaded = await createSearchIndexes(now, { images, maxDeltaRecords: 3 });
    expect(loaded.loadReport.built).toEqual(['client_names']);
    expectSameAnswers(loaded, await createSearchIndexes(now), queries);
  });

  it('when an image is truncated, corrupt, of another index or of other search code, then that index is built and answers stay right', async () => {
    const images = await imagesOf(await createSearchIndexes(snapshot));
    const cut = (name: string, edit: (lines: string[]) => string[]) => images.files.set(name, edit(images.files.get(name) ?? []));
    cut('client_names', (lines) => lines.slice(0, 1)); // header only: the entries are missing
    cut('vendor_names', (lines) => [lines[0] ?? '', '{not json']);
    cut('product_names', (lines) => [JSON.stringify({ ...(JSON.parse(lines[0] ?? '{}') as object), fingerprint: 'other code' }), ...lines.slice(1)]);
    cut('client_pos', () => images.files.get('invoice_numbers') ?? []);

    const loaded = await createSearchIndexes(snapshot, { images });
    expect([...loaded.loadReport.built].sort()).toEqual(['client_names', 'client_pos', 'product_names', 'vendor_names']);
    expect([...loaded.loadReport.imported].sort()).toEqual(['bill_numbers', 'estimate_numbers', 'invoice_numbers', 'product_descriptions', 'purchase_orders']);
    expectSameAnswers(loaded, await createSearchIndexes(snapshot), queries);
  });

  it('when a delta replaces records while the image is written, then the image still imports to a correct index', async () => {
    const built = await createSearchIndexes(snapshot);
    const images = memoryImages();
    const writing = built.writeImages(images, { sliceMs: 0 });
    built.applyDelta({ customers: { upserts: [{ ...(customers[0] as CustomerRecord), name: 'Changed While Writing' }], deletes: ['14'] } });
    await writing;
    const now = applyToSnapshot(snapshot, { customers: { upserts: [{ ...(customers[0] as CustomerRecord), name: 'Changed While Writing' }], deletes: ['14'] } });
    const imported = await createSearchIndexes(now, { images });
    expect(imported.loadReport.built).toEqual([]);
    expectSameAnswers(imported, await createSearchIndexes(now), [...queries, 'changed']);
  });
});
