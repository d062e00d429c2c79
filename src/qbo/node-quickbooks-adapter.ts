/**
 * The only file that touches node-quickbooks. Its bundled .d.ts is not trusted (docs/quickbooks.md#node-quickbooks):
 * it declares a named export that is undefined at runtime and a `query()` method that does not exist, so the module
 * is loaded as its `module.exports` and described here by the few members we call, checked against its source.
 */
import type { QboEntityName } from './entities';

export type NqCallback = (err: unknown, data?: unknown, res?: unknown) => void;

/** node-quickbooks' criteria object form (docs/quickbooks.md#node-quickbooks). */
export interface NqCriteria {
  readonly [field: string]: string | number | boolean | ReadonlyArray<string | number | boolean>;
}

/** node-quickbooks names its methods after the entity (`findPurchaseOrders`, `getPurchaseOrder`), for every entity. */
type Finder = `find${QboEntityName}s`;
type Getter = `get${QboEntityName}`;

export type NqInstance = { endpoint: string } & { [K in Finder]: (criteria: NqCriteria, callback: NqCallback) => void } & {
  [K in Getter]: (id: string, callback: NqCallback) => void;
} & { changeDataCapture(entities: string, since: string, callback: NqCallback): void; getCompanyInfo(id: string, callback: NqCallback): void };

interface NqOptions {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: false;
  realmId: string;
  useSandbox: boolean;
  debug: boolean;
  minorversion: number;
  oauthversion: '2.0';
  refreshToken: null;
}

type NqConstructor = new (options: NqOptions) => NqInstance;

let loaded: NqConstructor | undefined;

/**
 * node-quickbooks and what it requires cost about 11 MB in each thread that loads them, so it is loaded when a
 * thread makes its first client (qbo-client.ts), not at import: a company's data thread that only serves never makes
 * one (BENCHMARKS.md, several companies).
 */
export function quickBooks(): NqConstructor {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at import
  loaded ??= require('node-quickbooks') as NqConstructor;
  return loaded;
}

export interface NqSettings {
  readonly realmId: string;
  /** `${apiBaseUrl}/v3/company/`: node-quickbooks appends `<realmId>/<path>`. */
  readonly endpoint: string;
  readonly minorVersion: number;
}

/**
 * A fresh instance per attempt, holding the access token that attempt uses: node-quickbooks keeps the token on the
 * instance and never refreshes it, and a shared instance would race when a 401 renews the token
 * while other calls are in flight. Construction is a handful of property assignments.
 */
export function newInstance(settings: NqSettings, accessToken: string): NqInstance {
  const QuickBooks = quickBooks();
  const qb = new QuickBooks({
    consumerKey: '',
    consumerSecret: '',
    token: accessToken,
    tokenSecret: false,
    realmId: settings.realmId,
    useSandbox: false,
    debug: false, // `debug` prints full bodies to the console outside production
    minorversion: settings.minorVersion,
    oauthversion: '2.0',
    refreshToken: null,
  });
  qb.endpoint = settings.endpoint;
  return qb;
}

export type NqInvoke = (qb: NqInstance, callback: NqCallback) => void;

export function findPage(qboName: QboEntityName, criteria: NqCriteria): NqInvoke {
  return (qb, callback) => qb[`find${qboName}s` as const](criteria, callback);
}

export function getById(qboName: QboEntityName, id: string): NqInvoke {
  return (qb, callback) => qb[`get${qboName}` as const](id, callback);
}

/** The company's CompanyInfo, read by its realm id (`GET /companyinfo/<realmId>`). */
export function getCompanyInfo(realmId: string): NqInvoke {
  return (qb, callback) => qb.getCompanyInfo(realmId, callback);
}

/** `since` must already be URL-safe: node-quickbooks does not encode it (docs/quickbooks.md#change-data-capture). */
export function changeDataCapture(qboNames: readonly QboEntityName[], since: string): NqInvoke {
  return (qb, callback) => qb.changeDataCapture(qboNames.join(','), since, callback);
}

/**
 * Promisifies one node-quickbooks call. Settles on the FIRST callback only: node-quickbooks calls back a second time
 * when the first callback throws (node-quickbooks issue 209), and a synchronous throw is captured.
 */
export function callOnce(qb: NqInstance, invoke: NqInvoke): Promise<{ readonly err: unknown; readonly data: unknown }> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (err: unknown, data: unknown) => {
      if (settled) return;
      settled = true;
      resolve({ err: err ?? null, data });
    };
    try {
      invoke(qb, (err, data) => settle(err, data));
    } catch (err) {
      settle(err ?? new Error('node-quickbooks threw'), undefined);
    }
  });
}

/**
 * Criteria for one page: `ORDERBY Id` keeps STARTPOSITION paging stable; `MAXRESULTS` is always sent because without
 * it QBO returns 100 rows (docs/quickbooks.md#paging). Name lists add `Active IN (true,false)` (the object form turns
 * an array into `IN`; the array form would send `Active = (true,false)`).
 */
export function pageCriteria(nameList: boolean, startPosition: number, pageSize: number): NqCriteria {
  return { ...(nameList ? { Active: [true, false] } : {}), asc: 'Id', offset: startPosition, limit: pageSize };
}

/** `count` in the object form: the array form's splice bug can drop the criteria after it (docs/quickbooks.md#node-quickbooks). */
export function countCriteria(nameList: boolean): NqCriteria {
  return { count: true, ...(nameList ? { Active: [true, false] } : {}) };
}
