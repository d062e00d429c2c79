import { performance, PerformanceObserver } from 'node:perf_hooks';
import { buildIndexState } from '../src/search/build-index';
import { INDEX_DEFINITIONS } from '../src/search/index-registry';
import { createPacer, type Pacer } from '../src/search/pacer';
import { generateCustomers, generateItems } from './search-data';
const customers = generateCustomers(100000);
const items = generateItems(50000);
(async () => {
  const gcs: { kind: number; d: number; t: number }[] = [];
  const obs = new PerformanceObserver((list) => { for (const e of list.getEntries()) gcs.push({ kind: (e as unknown as { detail: { kind: number } }).detail.kind, d: e.duration, t: e.startTime }); });
  obs.observe({ entryTypes: ['gc'] });
  const inner = createPacer(10);
  let sliceStart = performance.now();
  let lastDue = performance.now(); let worstDue = 0; let cpuStart = process.cpuUsage();
  const slices: { cpu: number; d: number; at: number; stack: string }[] = [];
  const pacer: Pacer = {
    due: () => { const now = performance.now(); if (now - lastDue > worstDue) { worstDue = now - lastDue; } lastDue = now; return inner.due(); },
    async pause() {
      const now = performance.now();
      const cpu = process.cpuUsage(cpuStart); slices.push({ cpu: (cpu.user + cpu.system) / 1000, d: now - sliceStart, at: now, stack: (new Error().stack ?? '').split('\n').slice(2, 4).map((l) => l.trim().replace(/\(.*src\/search\//, '(')).join(' < ') });
      await inner.pause();
      sliceStart = performance.now(); lastDue = sliceStart; cpuStart = process.cpuUsage();
    },
  };
  const t0 = performance.now();
  const keep = [];
  for (const d of INDEX_DEFINITIONS.customers) keep.push(await buildIndexState(d, customers, pacer));
  for (const d of INDEX_DEFINITIONS.items) keep.push(await buildIndexState(d, items, pacer));
  obs.disconnect();
  console.log('total', (performance.now() - t0).toFixed(0), 'worst gap between due() calls', worstDue.toFixed(1));
  slices.sort((a, b) => b.d - a.d);
  for (const s of slices.slice(0, 8)) {
    const gc = gcs.filter((x) => x.t >= s.at - s.d && x.t <= s.at).reduce((sum, x) => sum + x.d, 0);
    console.log(s.d.toFixed(1), 'cpu', s.cpu.toFixed(1), 'gc', gc.toFixed(1), s.stack);
  }
})();
