/**
 * Where a server's CPU went during the load: reads the V8 CPU profiles of a `http-search` run made with
 * `--node-flags "--cpu-prof --cpu-prof-dir=DIR" --windows DIR/windows.json`, keeps the samples of each server's
 * main thread that fall inside its load runs, and prints, in µs of CPU per request, the self time by module and
 * by function and the inclusive time of the heaviest functions.
 *
 *   npx tsx bench/cpu-profile-top.ts DIR [--label service] [--figure "typeahead mix"] [--top 25]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
interface Window {
  label: string;
  pid: number;
  figure: string;
  requests: number;
  fromUs: number;
  toUs: number;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { label: { type: 'string' }, figure: { type: 'string', default: 'typeahead mix' }, top: { type: 'string', default: '25' } },
});
const dir = positionals[0];
if (!dir) throw new Error('usage: cpu-profile-top.ts DIR [--label L] [--figure F] [--top N]');
const windows = (JSON.parse(readFileSync(path.join(dir, 'windows.json'), 'utf8')) as Window[]).filter(
  (w) => w.figure === values.figure && (!values.label || w.label === values.label),
);
const top = Number(values.top);

/** `node_modules/<package>`, a file of ours, a node internal, or V8's own entries (GC, idle, program). */
function moduleOf(url: string, name: string): string {
  if (!url) return `(${name.replace(/[()]/g, '') || 'native'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url.replace(/^node:internal\//, 'node:').split('/').slice(0, 2).join('/');
  return url.replace(/^file:\/\//, '').replace(/^.*\/dist\//, 'dist/');
}
const frameOf = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${moduleOf(node.callFrame.url, node.callFrame.functionName)}:${node.callFrame.lineNumber + 1}`;

for (const label of [...new Set(windows.map((w) => w.label))]) {
  const mine = windows.filter((w) => w.label === label);
  const pid = mine[0]!.pid;
  // The main thread's profile: CPU.<date>.<time>.<pid>.0.<seq>.cpuprofile (workers have a thread id above 0).
  const file = readdirSync(dir).find((f) => f.includes(`.${pid}.0.`) && f.endsWith('.cpuprofile'));
  if (!file) {
    console.log(`${label} (pid ${pid}): no main-thread profile in ${dir}`);
    continue;
  }
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const modules = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  let t = profile.startTime;
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    // A sample's delta is the time since the previous one: charge it to this sample's stack.
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (!mine.some((w) => t >= w.fromUs && t <= w.toUs)) return;
    const node = byId.get(id)!;
    totalUs += delta;
    add(self, frameOf(node), delta);
    add(modules, moduleOf(node.callFrame.url, node.callFrame.functionName), delta);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = frameOf(byId.get(at)!);
      if (!seen.has(frame)) add(inclusive, frame, delta);
      seen.add(frame);
    }
  });
  const requests = mine.reduce((sum, w) => sum + w.requests, 0);
  const seconds = mine.reduce((sum, w) => sum + (w.toUs - w.fromUs), 0) / 1e6;
  const perRequest = (us: number) => (us / requests).toFixed(1).padStart(7);
  const busy = totalUs - (self.get('(idle) (idle):0') ?? 0);
  console.log(`\n== ${label} (pid ${pid}), ${values.figure}: ${mine.length} runs, ${seconds.toFixed(1)} s, ${requests} requests; main thread busy ${(busy / requests).toFixed(1)} µs a request (${((100 * busy) / totalUs).toFixed(0)} % of the time)`);
  const print = (title: string, map: Map<string, number>) => {
    console.log(`-- ${title} (µs a request)`);
    for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${perRequest(us)}  ${key}`);
  };
  print('self time by module', modules);
  print('self time by function', self);
  print('inclusive time by function', inclusive);
}
