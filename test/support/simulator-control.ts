import type { SimulatorHandle } from './harness';

/** The simulator's token counters under the names the auth tests speak in. */
export function simulatorCounters(sim: SimulatorHandle) {
  const counters = sim.simulator.control.counters();
  return {
    codeGrants: counters.tokenGrants.authorization_code ?? 0,
    refreshGrants: counters.tokenGrants.refresh_token ?? 0,
    supersededRefreshTokensPresented: counters.supersededRefreshTokens,
    apiRequests: (route: string) => Object.values(counters.requests[route] ?? {}).reduce((sum, n) => sum + n, 0),
    counters,
  };
}
