/**
 * The replica's loop over the shared store (README "Several replicas"): every POLL_MS, and at once on a
 * notification, it reads every company's snapshot head. For each company it follows it takes in the leader's
 * commits (snapshot-follower.ts); for each it leads it takes the syncs followers queued. Companies connected or
 * disconnected through another replica appear and disappear here. Notifications only make it sooner: one lost while
 * the listener was reconnecting is made up for by the next poll.
 */
import type { Logger } from 'pino';
import type { StoreNotice, StoreReplication } from '../store';
import type { Company } from './company';
import type { SnapshotFollower } from './snapshot-follower';

/** The fallback poll: commits are taken in within this (plus the load) even without notifications. */
export const POLL_MS = 2000;

export interface FollowDeps {
  readonly replication: StoreReplication;
  readonly follower: SnapshotFollower;
  readonly logger: Logger;
  readonly companies: () => ReadonlyMap<string, Company>;
  readonly listCompanies: () => Promise<string[]>;
  /** The company's name as its leader read it from QuickBooks (null until then). */
  readonly companyName: (realmId: string) => Promise<string | null>;
  /** A company connected through another replica. */
  readonly added: (realmId: string) => Promise<void>;
  /** A company disconnected through another replica. */
  readonly gone: (company: Company) => void;
  /** Anything else to re-read at each poll (read keys). */
  readonly onPoll?: () => Promise<void>;
}

export function followTheStore(deps: FollowDeps): { stop(): Promise<void> } {
  let polling: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const pollOnce = async (): Promise<void> => {
    await deps.onPoll?.();
    // Only companies held before the list was read can be gone (one connected here meanwhile is listed after it).
    const before = new Set(deps.companies().keys());
    const realms = await deps.listCompanies();
    const known = deps.companies();
    for (const realmId of realms) if (!known.has(realmId)) await deps.added(realmId);
    for (const [realmId, company] of known) if (before.has(realmId) && !realms.includes(realmId)) deps.gone(company);
    const heads = new Map((await deps.replication.heads()).map((head) => [head.realmId, head]));
    for (const company of deps.companies().values()) {
      if (company.role() === 'leader') {
        void company.replica?.takeRequests().catch((err: unknown) => deps.logger.warn({ err, realmId: company.realmId }, 'could not take the queued sync requests'));
        continue;
      }
      if (company.realmId === null) continue;
      company.companyName ??= await deps.companyName(company.realmId);
      const head = heads.get(company.realmId);
      // Not awaited: one company's load must not hold up the others' deltas (each company's catch-ups queue apart).
      if (head && !company.sync.isRunning()) void deps.follower.catchUp(company, head);
    }
  };
  /** One poll at a time; a notification during one asks for another right after. */
  const poll = (): void => {
    if (stopped) return;
    if (polling) {
      again = true;
      return;
    }
    polling = pollOnce()
      .catch((err: unknown) => deps.logger.warn({ err }, 'could not read the shared store; trying again at the next poll'))
      .finally(() => {
        polling = null;
        if (again) {
          again = false;
          poll();
        }
      });
  };
  const onNotice = (notice: StoreNotice) => {
    if (notice.kind === 'request') {
      const company = deps.companies().get(notice.realmId);
      if (company?.role() === 'leader') void company.replica?.takeRequests().catch(() => undefined); // the poll tries again
      return;
    }
    poll();
  };

  const listener = deps.replication.listen(onNotice);
  const timer = setInterval(poll, POLL_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await listener.close();
      await polling;
    },
  };
}
