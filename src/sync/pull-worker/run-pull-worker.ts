/**
 * A full sync's pull, in its own thread (pull-thread.ts), seen from the serving thread: it answers the thread's
 * token and rate-limit requests, counts its calls, logs its log lines, and gathers each page's records into the
 * tables of the next snapshot. The rows themselves go from the thread straight into the store's uncommitted
 * generation `target`; this resolves once the thread has written them all and exited, and rejects (after the
 * thread exited, so nothing writes to the generation any more) when the pull failed or was cancelled.
 */
import type { Logger } from 'pino';
import type { SnapshotTables } from '../../cache';
import { relog } from '../../logging';
import { abortReason, ENTITY_NAMES, type AccessTokenSource, type EntityName, type QboCallEvent, type RealmLimiter, type RecordByEntity } from '../../qbo';
import { StoreWriteAbandonedError, type GenerationTarget } from '../../store';
import { startThread } from '../../threads';
import type { CallContext } from '../types';
import { errorFrom, errorShape, type FromPullThread, type PageMessage, type PullThreadData, type ToPullThread } from './protocol';

/** How long a cancelled pull thread gets to stop by itself before it is terminated. */
const CANCEL_GRACE_MS = 10_000;

export interface PullThreadDeps {
  readonly qbo: PullThreadData['qbo'];
  readonly logLevel: string;
  readonly tokens: AccessTokenSource;
  /** The realm's limiter, shared with every other call of the company. */
  readonly limiter: RealmLimiter;
  /** Where the thread's log lines go (the QBO client's logger). */
  readonly logger: Logger;
  /** Every HTTP attempt (metrics). */
  readonly onCall?: (event: QboCallEvent) => void;
}

/** The run's progress, updated as pages arrive (RunTracker). */
export interface PullProgress {
  readonly call: CallContext;
  total: number;
  completed: number;
  records: number;
}

/**
 * Pulls `entities` in full; the returned tables hold those entities' records (the others are empty). Resolves once
 * the thread has written every row into `target` and exited.
 */
export function pullInThread(
  deps: PullThreadDeps,
  target: GenerationTarget,
  run: PullProgress,
  shouldContinue: () => boolean,
  entities: readonly EntityName[] = ENTITY_NAMES,
): Promise<SnapshotTables> {
  const data: PullThreadData = { target, entities, qbo: deps.qbo, logLevel: deps.logLevel };
  const worker = startThread('pull-thread', __dirname, data);
  const post = (message: ToPullThread) => worker.postMessage(message);
  const tables = emptyTables();
  const fetchedBefore = new Map<EntityName, number>();
  const held = new Map<number, () => void>();
  const waiting = new Map<number, AbortController>();
  let outcome: { error?: unknown } | null = null;
  let exited = false;

  let watchdog: NodeJS.Timeout | undefined;
  const cancel = (reason: unknown) => {
    outcome ??= { error: reason };
    post({ type: 'cancel' });
    // The thread stops at its next await; one stuck in native code is stopped for it.
    watchdog ??= setTimeout(() => void worker.terminate(), CANCEL_GRACE_MS);
  };
  const onAbort = () => cancel(abortReason(run.call.signal));
  run.call.signal.addEventListener('abort', onAbort, { once: true });
  if (run.call.signal.aborted) onAbort();

  const answerToken = (id: number, rejected: string | undefined) => {
    const token = Promise.resolve().then(() => (rejected === undefined ? deps.tokens.getAccessToken() : deps.tokens.renewAfterRejection(rejected)));
    token.then(
      (value) => post({ type: 'token', id, token: value }),
      (err: unknown) => post({ type: 'token', id, error: errorShape(err) }),
    );
  };
  const grantSlot = (id: number) => {
    const controller = new AbortController();
    waiting.set(id, controller);
    const slot = () => {
      waiting.delete(id);
      if (exited) return Promise.resolve();
      post({ type: 'granted', id });
      return new Promise<void>((release) => held.set(id, release));
    };
    deps.limiter.run(slot, controller.signal).catch((err: unknown) => {
      if (waiting.delete(id) && !exited) post({ type: 'denied', id, error: errorShape(err) });
    });
  };
  const takePage = <E extends EntityName>({ entity, fetched, records: page }: PageMessage & { readonly entity: E }) => {
    const table = tables[entity];
    for (const row of page) table.set(row.id, row.record as RecordByEntity[E]);
    run.completed += fetched - (fetchedBefore.get(entity) ?? 0);
    fetchedBefore.set(entity, fetched);
    run.records += page.length;
    // A disconnect (or a cancel) stops the pull at its next page; the generation is then abandoned.
    if (!shouldContinue()) cancel(new StoreWriteAbandonedError());
  };

  const onMessage = (message: FromPullThread) => {
    switch (message.type) {
      case 'token':
        return answerToken(message.id, message.rejected);
      case 'acquire':
        return grantSlot(message.id);
      case 'release':
        held.get(message.id)?.();
        held.delete(message.id);
        return;
      case 'abandon': {
        const controller = waiting.get(message.id);
        waiting.delete(message.id); // no `denied` for a request the thread gave up
        controller?.abort();
        return;
      }
      case 'call':
        try {
          deps.onCall?.(message.event);
          run.call.onCall?.();
        } catch (err) {
          deps.logger.error({ err }, 'onCall listener threw'); // a metrics hook must not take the service down
        }
        return;
      case 'log':
        return relog(deps.logger, message.line);
      case 'total':
        run.total = message.total;
        return;
      case 'page':
        return takePage(message);
      case 'done':
        outcome ??= {};
        return;
      case 'failed':
        outcome ??= { error: errorFrom(message.error) };
    }
  };

  return new Promise<SnapshotTables>((resolve, reject) => {
    worker.on('message', onMessage);
    worker.on('error', (err) => {
      outcome ??= { error: err };
    });
    worker.once('exit', (code) => {
      exited = true;
      clearTimeout(watchdog);
      run.call.signal.removeEventListener('abort', onAbort);
      for (const release of held.values()) release();
      for (const controller of waiting.values()) controller.abort();
      if (outcome === null) reject(new Error(`the pull thread stopped before the pull ended (exit code ${code})`));
      else if ('error' in outcome) reject(outcome.error);
      else resolve(tablesOf(tables));
    });
  });
}

type RecordMaps = { readonly [E in EntityName]: Map<string, RecordByEntity[E]> };

function tablesOf(maps: RecordMaps): SnapshotTables {
  const tables: Partial<Record<EntityName, { records: ReadonlyMap<string, unknown> }>> = {};
  for (const entity of ENTITY_NAMES) tables[entity] = { records: maps[entity] };
  return tables as SnapshotTables;
}

function emptyTables(): RecordMaps {
  return Object.fromEntries(ENTITY_NAMES.map((entity) => [entity, new Map()])) as RecordMaps;
}
