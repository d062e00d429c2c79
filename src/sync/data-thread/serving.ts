/**
 * A data thread once filled (data-slot.ts): answers searches, pages of ids and incremental changes (prepared, then
 * committed) for its snapshot, and writes its search images on request.
 */
import type { Logger } from 'pino';
import type { DataFacts, EntityTable, Snapshot } from '../../cache';
import type { SearchIndexes } from '../../search';
import type { StoreReader } from '../../store';
import { applyChanges, type AppliedChanges } from '../apply-changes';
import { toSearchDelta } from '../persistence';
import { errorShape, type DataRequest, type FromDataThread, type ToDataThread } from './protocol';

export type Post = (message: FromDataThread) => void;

export interface Serving {
  facts(): DataFacts;
  receive(message: Exclude<ToDataThread, { type: 'cancel' | 'token' | 'granted' | 'denied' }>): void;
}

/** Answers for one filled snapshot: searches, pages of ids, and incremental changes prepared, then committed. */
/** `ended`: aborts once the serving side ended this company's data (its image writes stop there). */
export function createServing(initial: Snapshot, indexes: SearchIndexes, reader: StoreReader, post: Post, logger: Logger, ended: AbortSignal): Serving {
  let snapshot = initial;
  let pending: AppliedChanges | null = null;
  const sortedIds = new WeakMap<EntityTable<unknown>, string[]>();
  const idsOf = (table: EntityTable<unknown>): string[] => {
    let ids = sortedIds.get(table);
    if (ids === undefined) {
      ids = [...table.records.keys()].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
      sortedIds.set(table, ids);
    }
    return ids;
  };
  const facts = (): DataFacts => ({
    counts: Object.fromEntries(snapshot.entities.map((entity) => [entity, snapshot[entity].records.size])),
    indexNames: indexes.names(),
    indexCounts: indexes.counts(),
  });

  const answer = (request: DataRequest): unknown => {
    switch (request.kind) {
      case 'search':
        return indexes.search(request.args.index, request.args.query, request.args.options);
      case 'groups':
        return indexes.searchGroups(request.args.names, request.args.query, request.args.options);
      case 'page': {
        const table: EntityTable<unknown> = snapshot[request.args.entity];
        const { offset, limit } = request.args;
        return { ids: idsOf(table).slice(offset, offset + limit), total: table.records.size };
      }
      case 'prepare': {
        pending = applyChanges(snapshot, request.args.changes);
        const accepted = Object.fromEntries(
          Object.entries(pending.applied).map(([entity, changes]) => [entity, { upserts: changes.upserts.map((row) => row.id), deletes: changes.deletes.map((row) => row.id) }]),
        );
        return { accepted, changedCount: pending.changedCount, rebuild: pending.changedCount > 0 && indexes.shouldRebuild(pending.changedCount) };
      }
      case 'commit': {
        const applied = pending;
        pending = null;
        if (applied !== null && applied.changedCount > 0) {
          snapshot = { ...snapshot, ...applied.tables };
          indexes.applyDelta(toSearchDelta(applied.applied));
        }
        return facts();
      }
      case 'ping':
        return null;
    }
  };

  return {
    facts,
    receive(message) {
      if (message.type === 'discard') {
        pending = null;
        return;
      }
      if (message.type === 'hang') {
        // Deliberately stuck (only DataWorker.injectHang sends this): the serving side must notice and replace us.
        for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
      }
      if (message.type === 'write-images') {
        const sink = { write: (index: string, lines: AsyncIterable<string>, signal?: AbortSignal) => reader.writeSearchImage(snapshot.realmId, index, lines, signal, snapshot.generation) };
        // Stopped when the data is ended: an older snapshot's images must not land after a newer one's.
        indexes.writeImages(sink, { signal: ended }).then(
          () => logger.info('search images written'),
          (err: unknown) => logger.warn({ err }, 'search images not written; the next start builds the indexes instead'),
        );
        return;
      }
      try {
        post({ type: 'reply', id: message.id, value: answer(message) });
      } catch (err) {
        post({ type: 'reply', id: message.id, error: errorShape(err) });
      }
    },
  };
}
