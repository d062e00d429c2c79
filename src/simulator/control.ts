import type { CompanyStore } from './company-store';
import { isSimNameList } from './entities';
import type { Counters } from './http/counters';
import type { FaultInjector } from './http/fault-injection';
import type { RequestLimits } from './api/request-limits';
import type { ConsentQueue } from './oauth/authorize-route';
import type { OAuthState } from './oauth/oauth-state';
import { SimulatorControlError } from './record-defaults';
import type { SimulatorControl } from './types';

export interface ControlDeps {
  /** The company whose records this control reads and changes. */
  readonly store: CompanyStore;
  readonly realmIds: readonly string[];
  readonly oauth: OAuthState;
  readonly consent: ConsentQueue;
  readonly faults: FaultInjector;
  readonly counters: Counters;
  readonly limits: RequestLimits;
  readonly latency: { set(ms: number): void };
}

/** The in-process control object; `/__control` (control-routes) is a thin HTTP face over the same calls. */
export function createControl(deps: ControlDeps): SimulatorControl {
  const { store } = deps;
  const copy = <T>(value: T): T => structuredClone(value);
  return {
    getRecord: (entity, id) => {
      const record = store.get(entity, id);
      return record ? copy(record.json) : undefined;
    },
    countRecords: (entity) => store.count(entity),
    addRecord: (entity, fields) => copy(store.create(entity, fields).json),
    updateRecord: (entity, id, patch) => copy(store.update(entity, id, patch).json),
    deactivateRecord: (entity, id) => {
      if (!isSimNameList(entity)) throw new SimulatorControlError('Only name-list records (Customer, Vendor, Item) can be deactivated');
      if (store.get(entity, id)?.json.Type === 'Category') throw new SimulatorControlError('QBO does not allow inactive categories');
      return copy(store.update(entity, id, { Active: false }).json);
    },
    deleteRecord: (entity, id) => { store.remove(entity, id); },
    expireAccessTokens: (token) => deps.oauth.expireAccessTokens(token),
    revokeRefreshTokens: (token) => deps.oauth.revokeRefreshTokens(token),
    denyNextAuthorizations: (count = 1) => deps.consent.deny(count),
    connectNextTo: (realmId) => {
      if (!deps.realmIds.includes(realmId)) throw new SimulatorControlError(`no company ${realmId}; the simulator has ${deps.realmIds.join(', ')}`);
      deps.consent.pick(realmId);
    },
    injectFault: (spec) => deps.faults.inject(spec),
    clearFaults: () => deps.faults.clear(),
    setLatency: (ms) => deps.latency.set(ms),
    counters: () => deps.counters.snapshot(deps.limits.stats()),
    resetCounters: () => {
      deps.counters.reset();
      deps.limits.resetPeak();
    },
  };
}
