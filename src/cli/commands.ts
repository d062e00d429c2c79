import type { CliOptions } from './args';
import { CliError, type ApiClient } from './client';
import { formatCompanies, formatMultiSearch, formatProgress, formatSearch, formatStatus, formatSyncSummary, formatVerify } from './format';
import type { CacheStatusBody, CompaniesBody, ConnectBody, HealthBody, RefreshStarted, MultiSearchBody, SearchBody, SyncRun, VerifyBody } from './types';

export interface Output {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** A TTY stream to draw the progress bar on, or undefined for plain progress lines. */
  readonly tty?: { write: (text: string) => void; columns?: number };
}

export interface RunContext {
  readonly options: CliOptions;
  readonly client: ApiClient;
  readonly io: Output;
  readonly pollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Runs one command and returns the exit code; API failures throw CliError. */
export async function runCommand(ctx: RunContext): Promise<number> {
  const { options, client, io } = ctx;
  const print = (value: unknown, text: () => string) => io.out(options.json ? JSON.stringify(value, null, 2) : text());
  const api = apiBase(options);
  switch (options.command) {
    case 'status': {
      const [health, cache] = await Promise.all([client.get<HealthBody>('/api/health', false), client.get<CacheStatusBody>(`${api}/cache/status`, false)]);
      print({ health, cache }, () => formatStatus(health, cache));
      return 0;
    }
    case 'verify': {
      const report = await client.get<VerifyBody>(`${api}/cache/verify`);
      print(report, () => formatVerify(report));
      return report.ok ? 0 : 1;
    }
    case 'search': {
      const [index, ...words] = options.positionals;
      const params = new URLSearchParams({ q: words.join(' ') });
      if (options.limit !== undefined) params.set('limit', String(options.limit));
      if (index === 'all') {
        const all = await client.get<MultiSearchBody>(`${api}/search?${params}`, false);
        print(all, () => formatMultiSearch(all));
        return 0;
      }
      const body = await client.get<SearchBody>(`${api}/search/${encodeURIComponent(index!)}?${params}`, false);
      print(body, () => formatSearch(body));
      return 0;
    }
    case 'connect': {
      const body = await client.post<ConnectBody>('/api/auth/connect');
      print(body, () => `Open this URL in a browser to connect a QuickBooks company (valid until ${body.expires_at}):\n\n  ${body.authorize_url}\n`);
      return 0;
    }
    case 'companies': {
      const body = await client.get<CompaniesBody>('/api/companies');
      print(body, () => formatCompanies(body));
      return 0;
    }
    case 'refresh':
      return refresh(ctx);
    case 'migrate-store':
      throw new Error('migrate-store works on the stores, not through a running service: main.ts runs it');
  }
}

/** Where the routes about the chosen company are (README, Several companies). */
function apiBase(options: CliOptions): string {
  return options.company === undefined ? '/api' : `/api/companies/${encodeURIComponent(options.company)}`;
}

async function refresh(ctx: RunContext): Promise<number> {
  const { options, client, io } = ctx;
  const sleep = ctx.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pollMs = ctx.pollMs ?? 250;
  const started = await client.post<RefreshStarted>(`${apiBase(options)}/cache/refresh?wait=false${options.full ? '&mode=full' : ''}`);
  const tty = options.json ? undefined : io.tty;
  if (!options.json) io.out(`Started ${options.full ? 'a full' : 'a'} sync ${started.sync_id}`);
  let lastLine = '';
  let run: SyncRun;
  for (;;) {
    run = await client.get<SyncRun>(`/api/sync/${encodeURIComponent(started.sync_id)}`);
    if (!options.json) {
      if (tty) {
        const width = Math.max(10, Math.min(40, (tty.columns || 80) - 45));
        tty.write(`\r${formatProgress(run, width)}\x1b[K`);
      } else {
        const line = formatProgress(run, 0);
        if (line !== lastLine) io.out(line);
        lastLine = line;
      }
    }
    if (run.status !== 'running') break;
    await sleep(pollMs);
  }
  if (tty) tty.write('\n');
  if (options.json) {
    io.out(JSON.stringify(run, null, 2));
  } else if (run.status === 'succeeded') {
    io.out(`Sync ${formatSyncSummary(run)}`);
  } else {
    io.err(`Sync ${run.status}: ${run.error ?? 'unknown error'}. The cache is unchanged.`);
  }
  return run.status === 'succeeded' ? 0 : 1;
}

export { CliError };
