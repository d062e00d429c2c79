/** What the simulator observed, for tests that assert on traffic (retries, single-flight refresh, limits). */
export interface SimulatorCounters {
  /** Route label (`authorize`, `token`, `revoke`, `query`, `cdc`, `read`, `control`, `other`) → status → count; a dropped connection counts as status `dropped`. */
  readonly requests: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Token endpoint calls by grant_type, whatever the outcome. */
  readonly tokenRequests: Readonly<Record<string, number>>;
  /** Tokens issued, by grant_type. */
  readonly tokenGrants: Readonly<Record<string, number>>;
  /** Refresh requests that presented a refresh token already superseded by rotation. */
  readonly supersededRefreshTokens: number;
  readonly revocations: number;
  /** Injected faults that fired. */
  readonly faultsFired: number;
  /** API requests (`/v3/company/{realmId}/…`) by realm id, whatever the outcome. */
  readonly apiRequestsByRealm: Readonly<Record<string, number>>;
  /** API requests in flight now, the most seen at once since the last reset, and accepted in the last 60 s. */
  readonly inFlight: number;
  readonly peakInFlight: number;
  readonly requestsLastMinute: number;
}

type MutableCounts = Record<string, number>;

export function createCounters() {
  let requests: Record<string, MutableCounts> = {};
  let tokenRequests: MutableCounts = {};
  let tokenGrants: MutableCounts = {};
  let superseded = 0;
  let revocations = 0;
  let faultsFired = 0;
  let byRealm: MutableCounts = {};
  const bump = (counts: MutableCounts, key: string) => { counts[key] = (counts[key] ?? 0) + 1; };
  return {
    request(route: string, status: number | 'dropped', realmId?: string): void {
      bump((requests[route] ??= {}), String(status));
      if (realmId !== undefined) bump(byRealm, realmId);
    },
    tokenRequest: (grantType: string) => bump(tokenRequests, grantType),
    tokenGrant: (grantType: string) => bump(tokenGrants, grantType),
    supersededRefreshToken: () => { superseded++; },
    revocation: () => { revocations++; },
    faultFired: () => { faultsFired++; },
    snapshot(limits: { inFlight: number; peakInFlight: number; requestsLastMinute: number }): SimulatorCounters {
      const copy = (counts: MutableCounts) => ({ ...counts });
      return {
        requests: Object.fromEntries(Object.entries(requests).map(([route, counts]) => [route, copy(counts)])),
        tokenRequests: copy(tokenRequests),
        tokenGrants: copy(tokenGrants),
        supersededRefreshTokens: superseded,
        revocations,
        faultsFired,
        apiRequestsByRealm: copy(byRealm),
        ...limits,
      };
    },
    reset(): void {
      requests = {};
      tokenRequests = {};
      tokenGrants = {};
      superseded = 0;
      revocations = 0;
      faultsFired = 0;
      byRealm = {};
    },
  };
}

export type Counters = ReturnType<typeof createCounters>;

/** The realm id of an API path (`/v3/company/{realmId}/…`), else undefined. */
export function realmOfPath(path: string): string | undefined {
  return /^\/v3\/company\/([^/]+)\//i.exec(path)?.[1];
}

/** Route labels for counters and logs, from the URL path. */
export function routeLabel(path: string): string {
  if (path === '/connect/oauth2') return 'authorize';
  if (path === '/oauth2/v1/tokens/bearer') return 'token';
  if (path === '/v2/oauth2/tokens/revoke') return 'revoke';
  if (path.startsWith('/__control')) return 'control';
  const api = /^\/v3\/company\/[^/]+\/([^/]+)(\/[^/]+)?\/?$/i.exec(path);
  if (api) {
    const resource = (api[1] ?? '').toLowerCase();
    if (resource === 'query' || resource === 'cdc' || resource === 'companyinfo') return resource;
    return api[2] ? 'read' : 'other';
  }
  return 'other';
}
