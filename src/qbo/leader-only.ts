/**
 * Only a company's leader calls QuickBooks (README "Several replicas"). The gate sits where every call of the company
 * passes just before it is sent, whichever thread sends it: the realm's limiter runs each call's task when a slot is
 * free, and the token source hands out each attempt's access token. A replica that stopped leading (its lease ran
 * out, or it was paused past it) gets NotLeaderError there instead of a call.
 */
import type { AccessTokenSource } from './call-executor';
import type { RealmLimiter } from './realm-limiter';

export class NotLeaderError extends Error {
  override readonly name = 'NotLeaderError';
  constructor(readonly realmId: string) {
    super(`this replica does not lead company ${realmId}: another replica talks to QuickBooks for it`);
  }
}

export function leaderOnlyLimiter(limiter: RealmLimiter, realmId: string, leads: () => boolean): RealmLimiter {
  return {
    run: (task, signal) =>
      limiter.run(() => {
        if (!leads()) return Promise.reject(new NotLeaderError(realmId));
        return task();
      }, signal),
    stats: () => limiter.stats(),
  };
}

export function leaderOnlyTokens(tokens: AccessTokenSource, realmId: string, leads: () => boolean): AccessTokenSource {
  const check = () => {
    if (!leads()) throw new NotLeaderError(realmId);
  };
  return {
    getAccessToken: async () => (check(), tokens.getAccessToken()),
    renewAfterRejection: async (rejected) => (check(), tokens.renewAfterRejection(rejected)),
  };
}
