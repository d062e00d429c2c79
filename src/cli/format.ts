import type { CompaniesBody, CacheStatusBody, HealthBody, MultiSearchBody, SearchBody, SearchHit, SyncRun, VerifyBody } from './types';

function when(iso: string | null): string {
  if (!iso) return 'never';
  const ms = Date.parse(iso) - Date.now();
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const rel = minutes < 1 ? 'just now' : minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
  return minutes < 1 ? `${iso} (${rel})` : `${iso} (${ms < 0 ? `${rel} ago` : `in ${rel}`})`;
}

function num(n: number): string {
  return n.toLocaleString('en-US');
}

/** Every cached entity's count; a service without `counts` has the four `*_count` fields. */
function countsOf(cache: CacheStatusBody): string {
  const counts = cache.counts ?? { customers: cache.customers_count, vendors: cache.vendors_count, items: cache.items_count, invoices: cache.invoices_count };
  return Object.entries(counts).map(([entity, count]) => `${num(count)} ${entity.replace(/_/g, ' ')}`).join(', ');
}

export function formatStatus(health: HealthBody, cache: CacheStatusBody): string {
  const lines = [
    `Health:       ${health.status}`,
    ...health.reasons.map((reason) => `  - ${reason}`),
    `Mode:         ${health.mode} (version ${health.version})`,
    `Connection:   ${health.connection}`,
    `Company:      ${cache.company_id ?? '(none)'}`,
    `Cache:        ${cache.state}, updated ${when(cache.last_updated)}`,
    `Counts:       ${countsOf(cache)}`,
    `Last sync:    ${cache.last_sync ? formatSyncSummary(cache.last_sync) : 'none'}`,
    `Next refresh: ${cache.next_refresh_at ? when(cache.next_refresh_at) : 'not scheduled'}`,
  ];
  return lines.join('\n');
}

export function formatCompanies(body: CompaniesBody): string {
  if (body.companies.length === 0) return 'No company is connected (npm run cli -- connect).';
  return body.companies
    .map((company) => {
      const counts = Object.entries(company.counts).map(([entity, n]) => `${entity} ${num(n)}`).join(', ');
      const name = company.company_name === null ? '' : `${JSON.stringify(company.company_name)}  `;
      const lines = [`${company.realm_id}  ${name}${company.connected ? 'connected' : 'not connected'}, ${company.state}, ${company.health}`, `  ${counts || 'nothing cached'}`];
      return [...lines, ...company.reasons.map((reason) => `  - ${reason}`)].join('\n');
    })
    .join('\n');
}

export function formatSyncSummary(run: SyncRun): string {
  const parts = [`${run.status}`, `${run.mode}`, `${num(run.records)} records`];
  if (run.finished_at) {
    const seconds = (Date.parse(run.finished_at) - Date.parse(run.started_at)) / 1000;
    parts.push(`${seconds.toFixed(1)} s`);
  }
  parts.push(`finished ${when(run.finished_at)}`);
  const text = `${parts.join(', ')} [${run.id}]`;
  return run.error ? `${text}: ${run.error}` : text;
}

function percentOf(run: SyncRun): number {
  const { percentage, completed, total } = run.progress;
  if (typeof percentage === 'number') return Math.max(0, Math.min(100, percentage));
  return total ? Math.min(100, (completed / total) * 100) : 0;
}

/** One line of progress; `width` > 0 draws a bar (TTY), 0 a plain line. */
export function formatProgress(run: SyncRun, width: number): string {
  const pct = percentOf(run);
  const counts = `${num(run.progress.completed)}/${run.progress.total ? num(run.progress.total) : '?'} records`;
  const rate = run.records_per_second ? `, ${num(Math.round(run.records_per_second))} rec/s` : '';
  if (width <= 0) return `sync ${run.id} ${run.status}: ${pct.toFixed(0)}% (${counts}${rate})`;
  const filled = Math.round((pct / 100) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct.toFixed(0).padStart(3)}% ${counts}${rate}`;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows.map((row) => row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ').trimEnd()).join('\n');
}

export function formatVerify(report: VerifyBody): string {
  const rows = [['entity', 'cached', 'remote', 'ok']];
  for (const [entity, row] of Object.entries(report.entities)) {
    rows.push([entity, num(row.cached), num(row.remote), row.ok ? 'ok' : 'MISMATCH']);
  }
  return `${table(rows)}\n\n${report.ok ? 'OK' : 'NOT OK'}: the cache ${report.ok ? 'matches' : 'does not match'} QuickBooks (checked ${report.checked_at})`;
}

function money(value: unknown): string | undefined {
  return typeof value === 'number' ? value.toFixed(2) : undefined;
}

function keyFields(hit: SearchHit): string[] {
  const fields: [string, string | undefined][] = [];
  const str = (key: string) => (typeof hit[key] === 'string' && hit[key] !== '' ? (hit[key] as string) : undefined);
  switch (hit.type) {
    case 'customer':
    case 'vendor':
      fields.push(['company', str('company_name')], ['email', str('email')], ['balance', money(hit.balance)]);
      break;
    case 'item':
      fields.push(['sku', str('sku')], ['type', str('item_type')], ['price', money(hit.unit_price)]);
      break;
    case 'client_po':
      fields.push(['invoice', str('doc_number')], ['customer', str('customer_name')], ['date', str('txn_date')], ['total', money(hit.total)]);
      break;
    case 'invoice':
      fields.push(['customer', str('customer_name')], ['date', str('txn_date')], ['total', money(hit.total)], ['balance', money(hit.balance)]);
      break;
    case 'estimate':
      fields.push(['customer', str('customer_name')], ['status', str('status')], ['date', str('txn_date')], ['total', money(hit.total)]);
      break;
    case 'purchase_order':
      fields.push(['vendor', str('vendor_name')], ['status', str('status')], ['date', str('txn_date')], ['total', money(hit.total)]);
      break;
    case 'bill':
      fields.push(['vendor', str('vendor_name')], ['due', str('due_date')], ['total', money(hit.total)], ['balance', money(hit.balance)]);
      break;
  }
  return fields.filter((f): f is [string, string] => f[1] !== undefined).map(([k, v]) => `${k}: ${v}`);
}

export function formatSearch(body: SearchBody): string {
  if (body.results.length === 0) return `No results in ${body.index} for "${body.query}"`;
  const lines = [`${body.total} result${body.total === 1 ? '' : 's'} in ${body.index} for "${body.query}":`];
  body.results.forEach((hit, i) => {
    const marker = hit.active ? '' : ' (inactive)';
    const extra = keyFields(hit);
    lines.push(`${String(i + 1).padStart(3)}. ${hit.name}${marker}  [${hit.type} ${hit.id}]${extra.length ? `  ${extra.join(', ')}` : ''}`);
  });
  return lines.join('\n');
}

/** Every group of `GET /api/search`, one after the other; groups without results are left out. */
export function formatMultiSearch(body: MultiSearchBody): string {
  const found = body.groups.filter((group) => group.results.length > 0);
  if (found.length === 0) return `No results in any index for "${body.query}"`;
  return found.map((group) => formatSearch({ query: body.query, ...group })).join('\n\n');
}
