/**
 * Load runs for the HTTP benchmarks: autocannon over a rotation of requests, with what /proc says about the
 * servers (their CPU time, whether the idle ones stayed idle, when they write).
 */
import { readFileSync } from 'node:fs';
import autocannon, { type Request } from 'autocannon';
import { sleep } from './live-rig';

export interface Server {
  readonly label: string;
  readonly base: string;
  readonly pid: number;
}

export interface RunFigures {
  readonly rps: number;
  /** Latency p99, ms. */
  readonly p99: number;
  /** Errors, timeouts and non-2xx answers. */
  readonly errors: number;
  readonly requests: number;
  /** CPU time of the server's process (every thread, GC helpers included) per request, µs: less noisy than req/s. */
  readonly cpuUs: number;
  /** CPU time the other servers used meanwhile, ms: they should be idle. */
  readonly othersMs: number;
  /** The run's span, CLOCK_MONOTONIC µs (the clock of V8's CPU profiles). */
  readonly fromUs: number;
  readonly toUs: number;
}

export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/** Fields of /proc/<pid>/stat after the command name: [0] is field 3 (state), so field n is at n - 3. */
const statOf = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
const TICK_US = 10_000; // USER_HZ is 100 on Linux

/** User + system CPU time of a process so far, µs. */
export function cpuUsOf(pid: number): number {
  const fields = statOf(pid);
  return (Number(fields[11]) + Number(fields[12])) * TICK_US;
}

/** When the process started, CLOCK_MONOTONIC µs (10 ms resolution): lines of `--trace-gc` count from about then. */
export const startedUsOf = (pid: number): number => Number(statOf(pid)[19]) * TICK_US;

/** `seconds` of load on `server`; every connection rotates through `paths`, each from its own offset, so they do not ask in step. */
export async function load(server: Server, paths: readonly string[], options: { seconds: number; connections: number; others?: readonly Server[] }): Promise<RunFigures> {
  const { seconds, connections, others = [] } = options;
  const requests: Request[] = paths.map((p) => ({ method: 'GET', path: p }));
  let client = 0;
  const othersCpu = () => others.reduce((sum, other) => sum + cpuUsOf(other.pid), 0);
  const fromUs = monotonicUs();
  const cpuBefore = cpuUsOf(server.pid);
  const othersBefore = othersCpu();
  const result = await autocannon({
    url: server.base,
    connections,
    duration: seconds,
    requests,
    setupClient: (c) => {
      const offset = Math.floor((client++ * requests.length) / connections);
      c.setRequests([...requests.slice(offset), ...requests.slice(0, offset)]);
    },
  });
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
    cpuUs: (cpuUsOf(server.pid) - cpuBefore) / result.requests.total,
    othersMs: (othersCpu() - othersBefore) / 1000,
    fromUs,
    toUs: monotonicUs(),
  };
}

/**
 * Resolves once `servers` together used under 5 % of a core in the last half second (or after 20 s): after a run,
 * V8 may collect the old generation of a 1 GB heap while it is idle, which would take the next run's CPU.
 */
export async function untilIdle(servers: readonly Server[]): Promise<void> {
  const total = () => servers.reduce((sum, s) => sum + cpuUsOf(s.pid), 0);
  for (let last = total(), waited = 0; waited < 20_000; waited += 500) {
    await sleep(500);
    const now = total();
    if (now - last <= 25_000) return;
    last = now;
  }
}

/** Resolves once the process has written under 1 MB in 2 s (a full sync writes its search images after the swap). */
export async function untilQuiet(pid: number): Promise<void> {
  const wchar = () => Number(/wchar: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
  for (let last = wchar(), quietFor = 0, waited = 0; quietFor < 2000 && waited < 120_000; waited += 250) {
    await sleep(250);
    const now = wchar();
    quietFor = now - last > 1e6 ? 0 : quietFor + 250;
    last = now;
  }
}
