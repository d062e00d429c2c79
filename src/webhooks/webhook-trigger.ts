import type { Logger } from 'pino';
import type { WebhookEvent } from './parse-payload';

export interface WebhookTriggerDeps {
  /** Whether the realm is a connected company; events for any other realm are ignored (logged once per realm). */
  readonly isConnected: (realmId: string) => boolean;
  /** Starts (or joins) an incremental sync of that company. */
  readonly sync: (realmId: string) => void;
  readonly logger: Logger;
  /** Events closer together than this coalesce into one sync (2 s, README, HTTP API). */
  readonly debounceMs?: number;
  /** A steady stream of events still syncs at least this often (10 s): the debounce never postpones forever. */
  readonly maxWaitMs?: number;
  /** How many recent event ids are remembered to ignore replays. */
  readonly rememberIds?: number;
  /**
   * Whether this process debounces the realm's events; when not (a follower replica), `sync` is called at once for
   * each delivery, and the leader's debounce coalesces (`forwarded`). Default: always.
   */
  readonly debouncesHere?: (realmId: string) => boolean;
}

export interface WebhookTrigger {
  /** Records events and schedules one debounced sync per realm; returns how many were new and for a connected realm. */
  accept(events: readonly WebhookEvent[]): number;
  /** Events another replica received for the realm (this one leads it): they join its debounce like its own. */
  forwarded(realmId: string): void;
  stop(): void;
}

interface Pending {
  timer: NodeJS.Timeout;
  events: number;
  firstAt: number;
}

/** How many unknown realms are remembered so each is logged once. */
const UNKNOWN_REALMS_LOGGED = 1000;

/**
 * Webhooks carry ids only, so each burst becomes one incremental (CDC) sync of its company: the realm's timer
 * restarts on every new event and fires 2 s after the last one. Intuit retries deliveries, so repeated event ids are
 * ignored.
 */
export function createWebhookTrigger(deps: WebhookTriggerDeps): WebhookTrigger {
  const debounceMs = deps.debounceMs ?? 2_000;
  const capacity = deps.rememberIds ?? 10_000;
  const maxWaitMs = deps.maxWaitMs ?? 10_000;
  const seen = new Set<string>();
  const pending = new Map<string, Pending>();
  const unknown = new Set<string>();

  const remember = (id: string) => {
    seen.add(id);
    if (seen.size > capacity) seen.delete(seen.values().next().value as string);
  };
  const ignoreUnknown = (realmId: string) => {
    if (unknown.has(realmId) || unknown.size >= UNKNOWN_REALMS_LOGGED) return;
    unknown.add(realmId);
    deps.logger.warn({ realmId }, 'webhook events for a company that is not connected: ignored');
  };

  const schedule = (realmId: string, fresh: number) => {
    const now = Date.now();
    const entry = pending.get(realmId);
    if (entry) clearTimeout(entry.timer);
    const firstAt = entry?.firstAt ?? now;
    const events = (entry?.events ?? 0) + fresh;
    const wait = Math.max(0, Math.min(debounceMs, firstAt + maxWaitMs - now));
    const timer = setTimeout(() => {
      pending.delete(realmId);
      deps.logger.info({ realmId, events }, 'webhook events received: starting an incremental sync');
      deps.sync(realmId);
    }, wait);
    pending.set(realmId, { timer, events, firstAt });
  };

  return {
    accept(events) {
      const freshByRealm = new Map<string, number>();
      for (const event of events) {
        if (!deps.isConnected(event.realmId)) {
          ignoreUnknown(event.realmId);
          continue;
        }
        if (seen.has(event.eventId)) continue;
        remember(event.eventId);
        freshByRealm.set(event.realmId, (freshByRealm.get(event.realmId) ?? 0) + 1);
      }
      let fresh = 0;
      for (const [realmId, count] of freshByRealm) {
        if (deps.debouncesHere?.(realmId) === false) deps.sync(realmId);
        else schedule(realmId, count);
        fresh += count;
      }
      return fresh;
    },
    forwarded(realmId) {
      if (deps.isConnected(realmId)) schedule(realmId, 1);
    },
    stop() {
      for (const entry of pending.values()) clearTimeout(entry.timer);
      pending.clear();
    },
  };
}
