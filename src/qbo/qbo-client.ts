/**
 * QboClient: the only way the service reads QuickBooks. Paged pulls, counts, CDC and single reads over
 * node-quickbooks, all through one realm limiter, with retries, one 401 renewal, a per-request timeout and
 * cancellation (see call-executor, attempt, http-scope for how).
 */
import { realmLogger, type Logger } from '../logging';
import { createExecutor, type AccessTokenSource, type ExecuteOptions, type QboCallEvent } from './call-executor';
import { cdcEntityNames, formatChangedSince, parseCdcBody, type ChangeSet } from './cdc';
import { ENTITIES, type RawByEntity } from './entities';
import { malformedBody } from './faults';
import { createHttpScope } from './http-scope';
import { changeDataCapture, countCriteria, findPage, getById, getCompanyInfo, quickBooks, type NqSettings } from './node-quickbooks-adapter';
import { pullPages, type PageProgress } from './pages';
import type { RealmLimiter } from './realm-limiter';
import type { EntityName } from '../config';
import { resolveRetryOptions, type RetryOptions } from './retry-policy';

export interface QboClientDeps {
  readonly realmId: string;
  readonly tokens: AccessTokenSource;
  /** Without `/v3/company` (`QUICKBOOKS_API_BASE_URL`, README, Configuration). */
  readonly apiBaseUrl: string;
  readonly minorVersion: number;
  /** Shared by every client and call of this realm. */
  readonly limiter: RealmLimiter;
  readonly retry?: Partial<RetryOptions>;
  /** Per HTTP attempt; under Intuit's own 120 s kill (docs/quickbooks.md#limits-and-throttling). Default 60 s. */
  readonly timeoutMs?: number;
  readonly logger: Logger;
  /** Every HTTP attempt, retries included. */
  readonly onCall?: (event: QboCallEvent) => void;
  /** [0, 1) for backoff jitter; injectable for tests. */
  readonly random?: () => number;
  readonly now?: () => number;
}

export type CallOptions = ExecuteOptions;

export interface QueryAllOptions extends CallOptions {
  /** After each page, in page order. */
  readonly onPage?: (progress: PageProgress) => void;
  /**
   * Pages requested at once (default 1 = strictly sequential, no wasted call). Above 1, pages are fetched in
   * windows and the pull stops at the first short page, so up to `concurrency - 1` calls past the end are spent.
   */
  readonly concurrency?: number;
}

export interface QboClient {
  readonly realmId: string;
  /** Every object of `entity`, inactive name-list records included, ordered by Id. */
  queryAll<E extends EntityName>(entity: E, options?: QueryAllOptions): Promise<Array<RawByEntity[E]>>;
  /**
   * queryAll, turning each row into `T` as its page arrives, so a 200k-row pull never holds every parsed QBO
   * object at once (only what `map` keeps).
   */
  queryAllMapped<E extends EntityName, T>(entity: E, map: (raw: RawByEntity[E]) => T, options?: QueryAllOptions): Promise<T[]>;
  /** `SELECT COUNT(*)`, with the same Active filter as queryAll, so the two agree. */
  count(entity: EntityName, options?: CallOptions): Promise<number>;
  /** CDC since `since` (≤ 30 days ago; docs/quickbooks.md#change-data-capture). Check `capped`: a full response may miss changes. */
  changesSince<E extends EntityName>(entities: readonly E[], since: Date, options?: CallOptions): Promise<ChangeSet<E>>;
  /** One object by Id (e.g. after a webhook). */
  read<E extends EntityName>(entity: E, id: string, options?: CallOptions): Promise<RawByEntity[E]>;
  /** The company's name as QuickBooks shows it (CompanyInfo.CompanyName): one read call. */
  companyName(options?: CallOptions): Promise<string>;
  /** HTTP attempts made by this client so far, retries included (diff it around a sync). */
  callCount(): number;
  /** Detaches the client from node-quickbooks' axios. */
  close(): void;
}

export const PAGE_SIZE = 1000; // QBO's maximum MAXRESULTS (docs/quickbooks.md#paging)
const DEFAULT_TIMEOUT_MS = 60_000;
const INTUIT_KILL_MS = 120_000;

export function createQboClient(deps: QboClientDeps): QboClient {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0 && timeoutMs < INTUIT_KILL_MS)) throw new RangeError('timeoutMs must be > 0 and < 120000');
  if (!/^\d+$/.test(deps.realmId)) throw new RangeError('realmId must be digits');
  quickBooks(); // loaded now rather than inside the first call's time (node-quickbooks-adapter.ts)
  const endpoint = `${deps.apiBaseUrl.replace(/\/+$/, '')}/v3/company/`;
  const nq: NqSettings = { realmId: deps.realmId, endpoint, minorVersion: deps.minorVersion };
  const log = realmLogger(deps.logger, deps.realmId);
  const scope = createHttpScope(`${endpoint}${deps.realmId}/`);
  let calls = 0;
  let warnedUnguarded = false;

  const execute = createExecutor({
    nq,
    scope,
    timeoutMs,
    tokens: deps.tokens,
    limiter: deps.limiter,
    retry: resolveRetryOptions(deps.retry),
    logger: log,
    random: deps.random ?? Math.random,
    now: deps.now ?? Date.now,
    report(event) {
      calls += 1;
      deps.onCall?.(event);
    },
    onUnguarded() {
      if (warnedUnguarded) return;
      warnedUnguarded = true;
      log.error('a QuickBooks request bypassed the timeout interceptor: node-quickbooks uses another axios instance');
    },
  });

  const warnSkipped = (what: string, skipped: number) => {
    if (skipped > 0) log.warn({ call: what, skipped }, 'QuickBooks returned objects without an Id; skipped');
  };

  return {
    realmId: deps.realmId,

    queryAll(entity, options = {}) {
      return this.queryAllMapped(entity, (raw) => raw, options);
    },

    async queryAllMapped(entity, map, options = {}) {
      const definition = ENTITIES[entity];
      const { rows, skipped } = await pullPages(execute, definition, PAGE_SIZE, { ...options, mapRow: (raw) => map(raw as RawByEntity[typeof entity]) });
      warnSkipped(`${definition.qboName} pages`, skipped);
      return rows as Array<ReturnType<typeof map>>;
    },

    count(entity, options = {}) {
      const { qboName, nameList } = ENTITIES[entity];
      return execute<number>(
        {
          kind: 'count',
          label: `count ${qboName}`,
          invoke: findPage(qboName, countCriteria(nameList)),
          parse(body, status, headers) {
            const response = (body as { QueryResponse?: { totalCount?: unknown } }).QueryResponse;
            if (typeof response !== 'object' || response === null) return malformedBody(status, headers, 'no QueryResponse');
            // `{}` is QBO's "no matches" (docs/quickbooks.md#query-responses).
            if (response.totalCount === undefined) return 0;
            return typeof response.totalCount === 'number' ? response.totalCount : malformedBody(status, headers, 'totalCount');
          },
        },
        options,
      );
    },

    async changesSince(entities, since, options = {}) {
      const changedSince = formatChangedSince(since);
      const unique = [...new Set(entities)];
      if (unique.length === 0) return { changes: {} as ChangeSet<(typeof entities)[number]>['changes'], objectCount: 0, capped: false, skipped: 0 };
      const qboNames = cdcEntityNames(unique);
      const result = await execute<ChangeSet<(typeof unique)[number]>>(
        {
          kind: 'cdc',
          label: `cdc ${qboNames.join(',')}`,
          invoke: changeDataCapture(qboNames, changedSince),
          parse: (body, status, headers) => parseCdcBody(body, unique) ?? malformedBody(status, headers, 'no CDCResponse'),
        },
        options,
      );
      warnSkipped('cdc', result.skipped);
      return result;
    },

    async read(entity, id, options = {}) {
      if (!/^\d+$/.test(id)) throw new RangeError(`not a QBO Id: ${id}`);
      const { qboName } = ENTITIES[entity];
      return execute<RawByEntity[typeof entity]>(
        {
          kind: 'read',
          label: `read ${qboName} ${id}`,
          invoke: getById(qboName, id),
          parse(body, status, headers) {
            const object = (body as Record<string, unknown>)[qboName];
            const ok = typeof object === 'object' && object !== null && typeof (object as { Id?: unknown }).Id === 'string';
            return ok ? (object as RawByEntity[typeof entity]) : malformedBody(status, headers, `no ${qboName}`);
          },
        },
        options,
      );
    },

    companyName(options = {}) {
      return execute<string>(
        {
          kind: 'read',
          label: 'read CompanyInfo',
          invoke: getCompanyInfo(deps.realmId),
          parse(body, status, headers) {
            const name = (body as { CompanyInfo?: { CompanyName?: unknown } }).CompanyInfo?.CompanyName;
            return typeof name === 'string' && name.trim() !== '' ? name.trim() : malformedBody(status, headers, 'no CompanyInfo.CompanyName');
          },
        },
        options,
      );
    },

    callCount: () => calls,

    close() {
      scope.close();
    },
  };
}
