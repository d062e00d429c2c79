/**
 * Issue 4 benchmark: QuickBooks calls per full and per quiet incremental sync, full-sync wall time, warm start
 * (process start → ready from the store, with the search images and without) against full-sync time, and RSS
 * after load (at ready and 15 s later).
 *
 *   npm run bench -- sync-scale [--customers 100000 --vendors 10000 --items 50000 --invoices 200000]
 *     [--estimates 0 --purchase-orders 0 --bills 0] [--keep]
 *
 * With estimates, purchase orders or bills, the service caches all seven entities (nine search images), else the
 * four default ones (six images).
 *
 * The simulator runs in its own process (as QuickBooks would be), the service as `node dist/main.js` in live mode
 * pointed at it, so RSS is the service's alone. Nothing but loopback is contacted.
 */
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cachedEntities, rssMb, SIZE_OPTIONS, sizesOf, startLiveRig, until, type SyncView } from './live-rig';

const { values } = parseArgs({
  options: {
    ...SIZE_OPTIONS,
    // Keeps DATA_DIR (and writes the service's environment to DATA_DIR/bench.env) to profile warm starts.
    keep: { type: 'boolean', default: false },
  },
});

/** True when all `count` index images exist and were all written after `sinceMs` (the full sync's start). */
function imagesWrittenAfter(dir: string, count: number, sinceMs: number): boolean {
  if (!existsSync(dir)) return false;
  const files = readdirSync(dir).flatMap((realm) => readdirSync(path.join(dir, realm)).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(dir, realm, f)));
  return files.length === count && files.every((file) => statSync(file).mtimeMs > sinceMs);
}

async function main(): Promise<void> {
  const sizes = sizesOf(values);
  const entities = cachedEntities(sizes);
  // One image per built index: part_names and part_numbers are answered from product_names' (README, Search).
  const imageCount = entities.length === 7 ? 9 : 6;
  const rig = await startLiveRig(sizes);
  const { dataDir, sim, env, base, admin, json } = rig;
  console.log(`simulator generated ${JSON.stringify(sizes)} in ${rig.generationMs} ms`);

  // First run: connect through the OAuth flow, which starts the first (full) sync.
  let service = rig.startService();
  const full = await rig.connectAndSync(service);
  const fullMs = Date.parse(full.finished_at!) - Date.parse(full.started_at);
  const rssAfterLoad = rssMb(service.child.pid!);

  const quiet = await json<{ sync: SyncView }>(`${base}/api/cache/refresh?mode=incremental`, { method: 'POST', headers: admin });
  // The full build's search images are written in the background after the swap; a restart before they are
  // complete builds instead (measured below as the warm start without images).
  const imagesDir = path.join(dataDir, 'search-images');
  await until(async () => (imagesWrittenAfter(imagesDir, imageCount, Date.parse(full.started_at)) ? true : undefined), 300_000, 'the search images');
  // The full sync's garbage (the old snapshot, the build's temporaries) once the process had 30 s to settle.
  await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(full.finished_at!) + 30_000 - Date.now())));
  const rssSettled = rssMb(service.child.pid!);
  service.child.kill('SIGTERM');
  await new Promise((r) => service.child.once('exit', r));

  // Warm restarts: process start → /api/health/ready 200, served from the store; with the images, then without.
  const warmStart = async () => {
    const restartAt = Date.now();
    service = rig.startService();
    await until(async () => ((await fetch(`${base}/api/health/ready`)).status === 200 ? true : undefined), 300_000, 'ready');
    const readyMs = Date.now() - restartAt;
    const rssAtReady = rssMb(service.child.pid!);
    await new Promise((r) => setTimeout(r, 15_000));
    const rssSettled = rssMb(service.child.pid!);
    service.child.kill('SIGTERM');
    await new Promise((r) => service.child.once('exit', r));
    return { ready_ms: readyMs, ratio_to_full_sync: Math.round((readyMs / fullMs) * 100) / 100, rss_mb_at_ready: Math.round(rssAtReady), rss_mb_15s_later: Math.round(rssSettled) };
  };
  const withImages = await warmStart();
  rmSync(imagesDir, { recursive: true, force: true });
  const withoutImages = await warmStart();
  sim.child.kill('SIGTERM');
  if (values.keep) {
    writeFileSync(path.join(dataDir, 'bench.env'), Object.entries(env).map(([k, v]) => `${k}=${v}\n`).join(''));
    console.log(`kept ${dataDir}`);
  } else {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const n = (s: string) => Number(s);
  // ⌈n/1000⌉ pages per entity (one more when n is a multiple of 1,000: the empty page that ends it), plus one COUNT each.
  const expectedCalls = entities.reduce((sum, e) => sum + Math.ceil((n(sizes[e] ?? '0') + 1) / 1000), 0) + entities.length;
  console.log(JSON.stringify({
    date: new Date().toISOString(),
    node: process.version,
    sizes,
    full_sync: { status: full.status, records: full.records, api_calls: full.api_calls, goal_api_calls_at_most: expectedCalls, wall_ms: fullMs },
    quiet_incremental: { status: quiet.sync.status, api_calls: quiet.sync.api_calls },
    warm_start: withImages,
    warm_start_without_images: withoutImages,
    rss_mb_after_full_sync: Math.round(rssAfterLoad),
    rss_mb_30s_after_full_sync: Math.round(rssSettled),
  }, null, 2));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
