/**
 * Full pulls: `SELECT * FROM <Entity> [WHERE Active IN (true,false)] ORDERBY Id STARTPOSITION n MAXRESULTS 1000`,
 * page after page until a page comes back short (docs/quickbooks.md#paging: node-quickbooks' own `fetchAll` stops
 * early and a query without MAXRESULTS returns 100 rows). Rows are de-duplicated by Id in case the data shifted
 * between pages. A deletion between two pages can still shift an unchanged row past the boundary; the sync engine's
 * CDC catch-up from the pull's start and `/api/cache/verify` counts cover that.
 */
import { abortReason } from './abort';
import type { Executor, ExecuteOptions } from './call-executor';
import type { EntityDefinition } from './entities';
import { malformedBody } from './faults';
import { findPage, pageCriteria } from './node-quickbooks-adapter';
import { isRawEntity, type RawEntity } from './raw-types';
import type { EntityName } from '../config';

export interface PageProgress {
  readonly entity: EntityName;
  /** Rows kept so far (after this page). */
  readonly fetched: number;
  /** Rows in this page. */
  readonly pageRows: number;
}

export interface PullOptions extends ExecuteOptions {
  readonly onPage?: (progress: PageProgress) => void;
  readonly concurrency?: number;
  /** Keeps `mapRow(row)` instead of the parsed row, page by page (the parsed page is then garbage). */
  readonly mapRow?: (row: RawEntity) => unknown;
}

/** The entity's array in `QueryResponse` (key matched case-insensitively); `{}` means no rows (docs/quickbooks.md#query-responses). */
function rowsOf(body: object, qboName: string): unknown[] | undefined {
  const response = (body as { QueryResponse?: unknown }).QueryResponse;
  if (typeof response !== 'object' || response === null) return undefined;
  const key = Object.keys(response).find((k) => k.toLowerCase() === qboName.toLowerCase());
  if (key === undefined) return [];
  const rows = (response as Record<string, unknown>)[key];
  return Array.isArray(rows) ? rows : undefined;
}

export async function pullPages(
  execute: Executor,
  definition: Pick<EntityDefinition<EntityName>, 'name' | 'qboName' | 'nameList'>,
  pageSize: number,
  options: PullOptions,
): Promise<{ rows: unknown[]; skipped: number }> {
  const { qboName, nameList, name } = definition;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  // Stops the rest of a window as soon as one page failed or the caller aborted.
  const window = new AbortController();
  const onAbort = () => window.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const fetchPage = (index: number) =>
    execute<unknown[]>(
      {
        kind: 'query',
        label: `${qboName} page ${index + 1}`,
        invoke: findPage(qboName, pageCriteria(nameList, index * pageSize + 1, pageSize)),
        parse: (body, status, headers) => rowsOf(body, qboName) ?? malformedBody(status, headers, `no QueryResponse.${qboName} array`),
      },
      { signal: window.signal, onCall: options.onCall },
    );

  const rows: unknown[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  try {
    for (let first = 0; ; first += concurrency) {
      if (options.signal?.aborted) throw abortReason(options.signal);
      const pages = await Promise.all(Array.from({ length: concurrency }, (_, i) => fetchPage(first + i))).catch((err: unknown) => {
        window.abort(err);
        throw err;
      });
      for (const page of pages) {
        for (const row of page) {
          if (!isRawEntity(row)) skipped += 1;
          else if (!seen.has(row.Id)) {
            seen.add(row.Id);
            rows.push(options.mapRow === undefined ? row : options.mapRow(row));
          }
        }
        options.onPage?.({ entity: name, fetched: rows.length, pageRows: page.length });
        if (page.length < pageSize) return { rows, skipped };
      }
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
