/**
 * Issue 5 benchmark: a warm start's import of search images as the service does it, with nothing else in the heap
 * (search-core.ts measures an import too, but beside two full index sets it keeps for its other sections).
 * Builds the indexes once, writes their images in memory, drops the indexes and collects them, then imports the
 * images into fresh indexes and reports the import time, the longest event-loop block (`monitorEventLoopDelay`,
 * 1 ms resolution) and the longest pause between two of the import's own yields (the pacer's setImmediate calls).
 *
 *   npm run bench -- search-import [customers items invoices]      (default 100000 50000 200000)
 */
import { createSearchIndexes, type SearchIndexes } from '../src/search';
import { generateCustomers, generateInvoices, generateItems } from './search-data';
import { fmt, getGc, longestBlockMs, memoryImages } from './search-measure';

const [CUSTOMERS = 100_000, ITEMS = 50_000, INVOICES = 200_000] = process.argv.slice(2).map(Number);

async function main(): Promise<void> {
  const customers = generateCustomers(CUSTOMERS);
  const data = { customers, vendors: [], items: generateItems(ITEMS), invoices: generateInvoices(INVOICES, customers) };
  const { files, images } = memoryImages();
  const built: { indexes?: SearchIndexes } = { indexes: await createSearchIndexes(data) };
  await built.indexes?.writeImages(images);
  delete built.indexes;
  getGc()(); // so the dropped build is not collected inside the measured import

  const byId = <R extends { id: string }>(records: readonly R[]) => new Map(records.map((r) => [r.id, r] as const));
  const snapshot = { customers: byId(data.customers), vendors: byId(data.vendors), items: byId(data.items), invoices: byId(data.invoices) };
  // The longest stretch between two yields of the import (each yield is a setImmediate of the pacer).
  const schedule = global.setImmediate;
  let resumedAt = performance.now();
  let longestSlice = 0;
  const counting = ((callback: (...args: unknown[]) => void, ...args: unknown[]) => {
    longestSlice = Math.max(longestSlice, performance.now() - resumedAt);
    return schedule(() => {
      resumedAt = performance.now();
      callback(...args);
    });
  }) as typeof setImmediate;
  global.setImmediate = counting;
  const imported = await longestBlockMs(() => createSearchIndexes(snapshot, { images }));
  global.setImmediate = schedule;

  const lines = [...files.values()].flat();
  console.log(`# search-import bench — ${new Date().toISOString()}, node ${process.version}`);
  console.log(`${CUSTOMERS} customers, ${ITEMS} items, ${INVOICES} invoices; images ${fmt(lines.reduce((s, l) => s + l.length, 0) / 1e6, 0)} MB in ${lines.length} lines, longest ${fmt(Math.max(...lines.map((l) => l.length)) / 1e6, 2)} MB\n`);
  console.log('| import ms | imported | longest event-loop block ms | longest slice between yields ms | longest GC pause ms |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(`| ${fmt(imported.ms, 0)} | ${imported.value.loadReport.imported.length} of 6 | ${fmt(imported.maxBlockMs)} | ${fmt(longestSlice)} | ${fmt(imported.maxGcMs)} |`);
}

void main();
