import type { Logger } from 'pino';
import type { WebhookEvent } from './parse-payload';

export interface WebhookTriggerDeps {
  /** The connected realm; events for other realms are ignored. */
  readonly realmId: () => string | null;
  /** Starts (or joins) an incremental sync. */
  readonly sync: () => void;
  readonly logger: Logger;
  /** Events closer together than this coalesce into one sync (2 s, README, HTTP API). */
  readonly debounceMs?: number;
  /** A steady stream of events still syncs at least this often (10 s): the debounce never postpones forever. */
  readonly maxWaitMs?: number;
  /** How many recent event ids are remembered to ignore replays. */
  readonly rememberIds?: number;
}

export interface WebhookTrigger {
  /** Records events and schedules one debounced sync; returns how many were new and for our realm. */
  accept(events: readonly WebhookEvent[]): number;
  stop(): void;
}

/**
 * Webhooks carry ids only, so each burst becomes one incremental (CDC) sync: the timer restarts on every new
 * event and fires 2 s after the last one. Intuit retries deliveries, so repeated event ids are ignored.
 */
export function createWebhookTrigger(deps: WebhookTriggerDeps): WebhookTrigger {
  const debounceMs = deps.debounceMs ?? 2_000;
  const capacity = deps.rememberIds ?? 10_000;
  const seen = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let pending = 0;
  let firstPendingAt = 0;
  const maxWaitMs = deps.maxWaitMs ?? 10_000;

  const remember = (id: string) => {
    seen.add(id);
    if (seen.size > capacity) seen.delete(seen.values().next().value as string);
  };

  return {
    accept(events) {
      const realmId = deps.realmId();
      const fresh = events.filter((event) => event.realmId === realmId && !seen.has(event.eventId));
      for (const event of fresh) remember(event.eventId);
      if (fresh.length === 0) return 0;
      if (pending === 0) firstPendingAt = Date.now();
      pending += fresh.length;
      if (timer) clearTimeout(timer);
      const wait = Math.max(0, Math.min(debounceMs, firstPendingAt + maxWaitMs - Date.now()));
      timer = setTimeout(() => {
        deps.logger.info({ events: pending }, 'webhook events received: starting an incremental sync');
        timer = null;
        pending = 0;
        deps.sync();
      }, wait);
      return fresh.length;
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
