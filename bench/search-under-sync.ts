/**
 * Issue 5 benchmark: p99 typeahead search latency while a full sync and index rebuild run (goal ≤ 2× idle), and the
 * longest event-loop block the service sees during that sync (goal ≤ 50 ms).
 *
 *   npm run bench -- search-under-sync [--customers 100000 --vendors 10000 --items 50000 --invoices 200000]
 *     [--clients 16 --rate 200 --idle 15] [--node-flags '--trace-gc' --service-log FILE] [--simulator-nice 19]
 *     [--load-nice=-10]
 *
 * Like sync-scale: the simulator runs in its own process, the service as `node dist/main.js` in live mode against
 * it, connected through the OAuth flow; the first full sync loads the cache. Then the same search load runs three
 * times: idle (--idle s), during a second full sync (`POST /api/cache/refresh?mode=full&wait=false`) until
 * `/api/sync/:id` reports it finished, and idle once more (`idle_after_sync`). Each idle window starts once the
 * service has stopped writing (a full sync writes its search images after the swap); the two idle p99s within 1.5×
 * of each other (`idle_quiet`) say the host was quiet enough for the ratio to mean something. Queries are 1–5-letter
 * prefixes of words of real customer names, each word typed keystroke by keystroke, on `/api/search/client_names`;
 * every answer's `total` must equal the idle one.
 *
 * Load: plain fetch loops, open loop at a fixed rate (--rate req/s over --clients sequential clients, wrk2 style).
 * Latency counts from when a request was due, not when it was sent: a closed loop (autocannon) stops sending while
 * the service is blocked, so a 2 s block costs one slow sample per connection and vanishes from p99 (coordinated
 * omission). Fetch loops also let us check every body. `uncorrected_p99_ms` is the send→answer figure.
 *
 * Event loop: `/metrics` exports prom-client's `nodejs_eventloop_lag_max_seconds`, the max of a
 * `monitorEventLoopDelay` histogram (10 ms resolution) that prom-client RESETS ON EVERY SCRAPE. The bench scrapes
 * every 200 ms (nobody else scrapes) and takes the max over the scrapes, which covers the whole run without gaps.
 * Each histogram sample is the time between two ticks of a 10 ms timer, so idle reads ~10 ms and a block of B ms
 * reads between B and B + 10 ms: the figure is an upper bound on the longest block, `lower_bound_ms` = it − 10.
 * Each scrape window is tagged with the sync phase: `pull` (pages coming), `pull_rows` (an entity's pull ended in
 * the window: its rows normalized and re-serialized; after the last one, the maps of every table), `sqlite_write`
 * (the service wrote > 8 MB in the window, per /proc/<pid>/io wchar: the snapshot transaction), else `index_build`
 * (index build, swap). `after_swap`: after the sync finished, until the service stopped writing (search images, old
 * rows), not in the goal's figure; its searches are `while_writing_images`.
 * The machine is shared: a descheduled process reads as a blocked loop too (see `idle.event_loop_max_ms`).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { rssMb, SIZE_OPTIONS, sizesOf, sleep, startLiveRig, type Started, type SyncView } from './live-rig';
const { values } = parseArgs({
  options: {
    ...SIZE_OPTIONS,
    clients: { type: 'string', default: '16' },
    rate: { type: 'string', default: '200' },
    idle: { type: 'string', default: '15' },
    // Extra flags for the service's node (e.g. `--trace-gc`), and a file to write its output to at the end.
    'node-flags': { type: 'string' },
    'service-log': { type: 'string' },
    // Nice value for the simulator process once the company is generated (0: as started). QuickBooks runs on
    // Intuit's servers; on this 2-core host the simulator's page building competes with the service for the cores.
    'simulator-nice': { type: 'string', default: '0' },
    // Nice value for this process (the load generator) once the first sync is done; below 0 needs CAP_SYS_NICE. On a
    // shared 2-core host the load generator's own scheduling delays count as latency; in production clients run
    // elsewhere. Diagnostic: write it as --load-nice=-10 (parseArgs takes a leading dash for an option).
    'load-nice': { type: 'string', default: '0' },
  },
});

interface Sample { t: number; lagMs: number; phase: string }
interface LoadStats { latencies: number[]; uncorrected: number[]; dues: number[]; non200: number; mismatches: number }

const round1 = (n: number) => Math.round(n * 10) / 10;
const pct = (sorted: number[], p: number) => round1(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN);

/** p50/p99 of the requests due in [from, to) (performance.now() times). */
function latencyBetween(stats: LoadStats, from: number, to: number) {
  const sorted = stats.latencies.filter((_, i) => stats.dues[i]! >= from && stats.dues[i]! < to).sort((a, b) => a - b);
  return { requests: sorted.length, p50_ms: pct(sorted, 50), p99_ms: pct(sorted, 99), max_ms: round1(sorted[sorted.length - 1] ?? Number.NaN) };
}

function merged(a: LoadStats, b: LoadStats): LoadStats {
  return { latencies: [...a.latencies, ...b.latencies], uncorrected: [...a.uncorrected, ...b.uncorrected], dues: [...a.dues, ...b.dues], non200: a.non200 + b.non200, mismatches: a.mismatches + b.mismatches };
}

function summarize(stats: LoadStats, samples: Sample[]) {
  const sorted = [...stats.latencies].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    p50_ms: pct(sorted, 50),
    p99_ms: pct(sorted, 99),
    max_ms: round1(sorted[sorted.length - 1] ?? Number.NaN),
    uncorrected_p99_ms: pct([...stats.uncorrected].sort((a, b) => a - b), 99),
    non_200: stats.non200,
    total_mismatches: stats.mismatches,
    event_loop_max_ms: round1(Math.max(...samples.map((s) => s.lagMs))),
  };
}

async function main(): Promise<void> {
  const sizes = sizesOf(values);
  const rig = await startLiveRig(sizes);
  const { dataDir, sim, base, admin, json } = rig;
  const simulatorNice = Number(values['simulator-nice']);
  const loadNice = Number(values['load-nice']);
  if (simulatorNice !== 0) os.setPriority(sim.child.pid!, simulatorNice);
  let service: Started | undefined;
  const benchLoop = monitorEventLoopDelay();
  let sampling = true;
  try {
    // Connect through the OAuth flow, which starts the first (full) sync; wait for it.
    const svc = (service = rig.startService((values['node-flags'] ?? '').split(' ').filter(Boolean)));
    const first = await rig.connectAndSync(svc);
    if (first.status !== 'succeeded') throw new Error(`first sync ${first.status}\n${svc.output()}`);
    if (loadNice !== 0) os.setPriority(loadNice);

    // Queries: each word of ~150 customer names from across the table, typed one keystroke at a time (1–5 letters).
    const customerTotal = Number(sizes.customers);
    const queries: string[] = [];
    for (const offset of [0, 0.33, 0.66].map((f) => Math.floor(f * customerTotal))) {
      const page = await json<{ results: Array<{ DisplayName: string }> }>(`${base}/api/data/customers?limit=50&offset=${offset}`, { headers: admin });
      for (const { DisplayName } of page.results) {
        for (const word of DisplayName.toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 0)) {
          for (let n = 1; n <= Math.min(5, word.length); n++) queries.push(word.slice(0, n));
        }
      }
    }
    const expected = new Map<string, number>();
    for (const q of new Set(queries)) expected.set(q, (await json<{ total: number }>(`${base}/api/search/client_names?q=${encodeURIComponent(q)}`)).total);

    // Sampler: scrapes /metrics every 200 ms (each scrape resets prom-client's event-loop histogram) and tags the window.
    const samples: Sample[] = [];
    let mark = 'idle';
    const run: { id?: string; view?: SyncView; samplerEnded?: boolean; pullEndedAt?: number } = {};
    const wchar = () => Number(/wchar: (\d+)/.exec(readFileSync(`/proc/${svc.child.pid}/io`, 'utf8'))?.[1] ?? 0);
    const sampler = (async () => {
      let lastWchar = wchar();
      while (sampling) {
        await sleep(200);
        const text = await (await fetch(`${base}/metrics`)).text();
        const lagMs = Number(/^nodejs_eventloop_lag_max_seconds(?:\{[^}]*\})? (\S+)$/m.exec(text)?.[1]) * 1000;
        const written = wchar() - lastWchar;
        lastWchar += written;
        const before = run.view;
        if (run.id) run.view = await json<SyncView>(`${base}/api/sync/${run.id}`, { headers: admin });
        const pulling = !before || before.progress.total === 0 || before.records < before.progress.total;
        const view = run.view;
        if (mark === 'sync' && run.pullEndedAt === undefined && view && view.progress.total > 0 && view.records >= view.progress.total) run.pullEndedAt = performance.now();
        let phase = mark;
        if (mark === 'sync' && written > 8e6) phase = 'sqlite_write';
        else if (mark === 'sync' && pulling) phase = (view?.records ?? 0) > (before?.records ?? 0) ? 'pull_rows' : 'pull'; // view: none until the trigger answered
        else if (mark === 'sync') phase = 'index_build';
        samples.push({ t: Date.now(), lagMs, phase });
      }
    })().finally(() => (run.samplerEnded = true));
    sampler.catch(() => undefined); // awaited below; this only keeps an early failure from being unhandled

    // Load: `clients` sequential loops, each with its own fixed schedule; latency counts from when a request was due.
    const intervalMs = (1000 * Number(values.clients)) / Number(values.rate);
    const load = async (stop: () => boolean): Promise<LoadStats> => {
      const stats: LoadStats = { latencies: [], uncorrected: [], dues: [], non200: 0, mismatches: 0 };
      const client = async (id: number) => {
        let due = performance.now() + (id * intervalMs) / Number(values.clients);
        for (let i = id * 97; !stop(); i++, due += intervalMs) {
          if (due > performance.now()) await sleep(due - performance.now());
          const q = queries[i % queries.length]!;
          const sent = performance.now();
          try {
            const res = await fetch(`${base}/api/search/client_names?q=${encodeURIComponent(q)}`, { signal: AbortSignal.timeout(60_000) });
            const body = (await res.json()) as { total?: number };
            if (res.status !== 200) stats.non200++;
            else if (body.total !== expected.get(q)) stats.mismatches++;
          } catch {
            stats.non200++;
          }
          stats.latencies.push(performance.now() - due);
          stats.dues.push(due);
          stats.uncorrected.push(performance.now() - sent);
        }
      };
      await Promise.all(Array.from({ length: Number(values.clients) }, (_, id) => client(id)));
      return stats;
    };

    // After a full sync the service still works for a while: it writes the new indexes' search images (~200 MB, ~5 s
    // of its main thread) and deletes the old rows. Idle starts once it has stopped writing for 2 s (until then,
    // idle p99 read 6.7–14.5 ms where a quiet service answers with 3.0–3.2 ms, 2026-12-05 04:07–04:10).
    // Resolves with how long it waited and when (performance.now()) the quiet stretch began.
    const untilQuiet = async (): Promise<{ waitedMs: number; quietFrom: number }> => {
      const started = performance.now();
      let quietSince = started;
      for (let last = wchar(); performance.now() - quietSince < 2000 && performance.now() - started < 120_000; ) {
        await sleep(250);
        const now = wchar();
        if (now - last > 1e6) quietSince = performance.now();
        last = now;
      }
      return { waitedMs: Math.round(performance.now() - started), quietFrom: quietSince };
    };
    const quietBeforeMs = (await untilQuiet()).waitedMs;
    // The service's RSS every 100 ms from the refresh on: its peak during the refresh, and 10 s after it ended (the
    // load still running), which is what a container's memory limit sees.
    const rss = { before_refresh_mb: Math.round(rssMb(svc.child.pid!)), peak_mb: 0, ten_s_after_refresh_mb: Number.NaN };
    let watchingRss = false;
    const rssWatch = (async () => {
      while (sampling || watchingRss) {
        if (watchingRss) rss.peak_mb = Math.max(rss.peak_mb, Math.round(rssMb(svc.child.pid!)));
        await sleep(100);
      }
    })();
    await load(((end) => () => Date.now() > end)(Date.now() + 3000)); // warm-up (JIT, the first sync's garbage)
    samples.length = 0;
    benchLoop.enable();
    const idleEnd = Date.now() + Number(values.idle) * 1000;
    const idle = await load(() => Date.now() > idleEnd);
    const idleSamples = samples.splice(0);

    mark = 'sync';
    watchingRss = true;
    const trigger = await fetch(`${base}/api/cache/refresh?mode=full&wait=false`, { method: 'POST', headers: admin });
    if (trigger.status !== 202) throw new Error(`refresh answered ${trigger.status}: ${await trigger.text()}`);
    run.id = ((await trigger.json()) as { sync_id: string }).sync_id;
    const syncTriggeredAt = performance.now();
    const during = await load(() => run.samplerEnded === true || (run.view !== undefined && run.view.status !== 'running'));
    const full = run.view!;
    // The sync has swapped its snapshot in; the service now writes the new indexes' search images and deletes the old
    // rows. The load goes on until the service has stopped writing: the requests due before its quiet stretch began
    // are `while_writing_images`, part of the rebuild as a user sees it.
    mark = 'after_swap';
    const syncEndedAt = performance.now();
    let writesEnded = false;
    const tenSecondsAfter = sleep(10_000).then(() => {
      rss.ten_s_after_refresh_mb = Math.round(rssMb(svc.child.pid!));
      watchingRss = false;
    });
    const quietAfterSync = Promise.all([untilQuiet(), tenSecondsAfter]).then(([quiet]) => quiet).finally(() => (writesEnded = true));
    const writing = await load(() => writesEnded);
    const { quietFrom: writesEndedAt } = await quietAfterSync;
    sampling = false;
    await sampler; // rethrows what stopped it early
    await rssWatch;
    benchLoop.disable();

    // Idle again, once the service is quiet (untilQuiet): the same load as the first idle window. Two idle p99s far
    // apart mean the host itself was noisy, and the ratio says little then.
    const quietAfterMs = (await untilQuiet()).waitedMs;
    const idleAfterEnd = Date.now() + Number(values.idle) * 1000;
    const idleAfter = await load(() => Date.now() > idleAfterEnd);

    const syncSamples = samples.filter((s) => s.phase !== 'after_swap');
    const byPhase: Record<string, number> = {};
    for (const s of samples) byPhase[s.phase] = round1(Math.max(byPhase[s.phase] ?? 0, s.lagMs));
    const syncStart = Date.parse(full.started_at);
    const longest = Math.max(...syncSamples.map((s) => s.lagMs));
    const idleSummary = summarize(idle, idleSamples);
    const duringSummary = summarize(during, syncSamples);
    const ratio = Math.round((duringSummary.p99_ms / idleSummary.p99_ms) * 100) / 100;
    console.log(JSON.stringify({
      date: new Date().toISOString(),
      node: process.version,
      sizes,
      load: { clients: Number(values.clients), rate_per_s: Number(values.rate), distinct_queries: expected.size, idle_s: Number(values.idle), latency_from: 'due time (open loop, coordinated omission corrected)' },
      simulator_nice: simulatorNice,
      load_nice: loadNice,
      idle: { ...idleSummary, waited_for_quiet_ms: quietBeforeMs },
      idle_after_sync: (() => {
        const after = latencyBetween(idleAfter, -Infinity, Infinity);
        const spread = Math.max(after.p99_ms, idleSummary.p99_ms) / Math.min(after.p99_ms, idleSummary.p99_ms);
        return { ...after, waited_for_quiet_ms: quietAfterMs, non_200: idleAfter.non200, total_mismatches: idleAfter.mismatches, p99_spread_between_idle_windows: round1(spread), idle_quiet: spread <= 1.5 };
      })(),
      during_sync: {
        ...duringSummary,
        // Split at the first 200 ms scrape that saw every row pulled: the pull (pages, their rows written), then the
        // index build, the commit and the swap.
        while_pulling: latencyBetween(during, syncTriggeredAt, run.pullEndedAt ?? Infinity),
        after_the_pull: latencyBetween(during, run.pullEndedAt ?? Infinity, Infinity),
      },
      // After the sync reported success, until the service stopped writing (search images, old rows). Not in the
      // goal's figure above (the sync has ended); `with_the_writes` is during_sync and this window together.
      while_writing_images: {
        ...latencyBetween(writing, syncEndedAt, writesEndedAt),
        duration_ms: Math.round(writesEndedAt - syncEndedAt),
        non_200: writing.non200,
        total_mismatches: writing.mismatches,
        with_the_writes: latencyBetween(merged(during, writing), syncTriggeredAt, writesEndedAt),
      },
      // The goal (README, BENCHMARKS.md): during the full sync, its build, the image writes and the swap, p99 ≤ 25 ms and
      // no search over 100 ms, every answer 200 with the idle total.
      goal: (() => {
        const all = latencyBetween(merged(during, writing), syncTriggeredAt, writesEndedAt);
        const clean = during.non200 + during.mismatches + writing.non200 + writing.mismatches === 0;
        return { p99_ms: all.p99_ms, max_ms: all.max_ms, p99_at_most_ms: 25, max_at_most_ms: 100, all_200_with_idle_total: clean, met: all.p99_ms <= 25 && all.max_ms <= 100 && clean };
      })(),
      rss,
      p99_ratio: { during_over_idle: ratio },
      // The serving thread's event loop (prom-client's lag gauge, reset at each 200 ms scrape).
      event_loop: {
        longest_block_ms: round1(longest),
        max_by_phase_ms: byPhase,
        windows_over_50ms: samples.filter((s) => s.lagMs > 50).length,
        // The 12 worst 200 ms windows, in time order (t_ms: when the scrape was answered, from the sync's start).
        worst_windows: [...samples].sort((a, b) => b.lagMs - a.lagMs).slice(0, 12).sort((a, b) => a.t - b.t)
          .map((s) => ({ t_ms: s.t - syncStart, max_ms: round1(s.lagMs), phase: s.phase })),
      },
      full_sync: { status: full.status, records: full.records, api_calls: full.api_calls, wall_ms: Date.parse(full.finished_at!) - syncStart },
      bench_event_loop_max_ms: round1(benchLoop.max / 1e6),
    }, null, 2));
  } catch (err) {
    console.error(`service exit: ${service?.child.exitCode} ${service?.child.signalCode}\n${service?.output().slice(-4000)}`);
    throw err;
  } finally {
    sampling = false;
    service?.child.kill('SIGTERM');
    sim.child.kill('SIGTERM');
    if (service && service.child.exitCode === null) await new Promise((r) => service!.child.once('exit', r));
    if (values['service-log'] && service) writeFileSync(values['service-log'], service.output());
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
