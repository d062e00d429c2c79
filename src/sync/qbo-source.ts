import type { QboClient, RawEntity } from '../qbo';
import { ENTITY_NAMES, normalizeRecord, type EntityName, type RawByEntity } from '../qbo';
import { createPacer, SLICE_MS } from '../search';
import type { ChangedRow, Changes, EntityChanges } from './apply-changes';
import type { SyncSource } from './types';

/** Adapts the QBO client to what a sync needs: normalized rows with their raw JSON text and LastUpdatedTime. */
export function createQboSource(client: QboClient): SyncSource {
  return {
    count: (entity, call) => client.count(entity, call),
    async pull(entity, call, onPage) {
      let page: ChangedRow<unknown>[] = [];
      const keep = (raw: RawByEntity[typeof entity]) => {
        page.push(rowOf(entity, raw));
        return null;
      };
      await client.queryAllMapped(entity, keep, {
        ...call,
        pacer: createPacer(SLICE_MS), // the pull thread still answers cancels and token replies between slices
        onPage: (progress) => {
          const done = page;
          page = [];
          onPage(done, progress.fetched);
        },
      });
    },
    async changesSince(since, call) {
      const set = await client.changesSince(ENTITY_NAMES, since, call);
      const changes = {} as Record<EntityName, EntityChanges<unknown>>;
      for (const entity of ENTITY_NAMES) {
        const entityChanges = set.changes[entity];
        changes[entity] = {
          upserts: entityChanges.upserts.map((raw) => rowOf(entity, raw)),
          deletes: entityChanges.deletes.map((ref) => ({ id: ref.id, lastUpdated: ref.lastUpdated ?? new Date().toISOString() })),
        };
      }
      return { changes: changes as unknown as Changes, capped: set.capped };
    },
  };
}

function rowOf<E extends EntityName>(entity: E, raw: RawByEntity[E]): ChangedRow<unknown> {
  const record = normalizeRecord(entity, raw);
  return {
    id: record.id,
    record,
    raw: JSON.stringify(raw),
    lastUpdated: (raw as RawEntity).MetaData?.LastUpdatedTime ?? record.updatedAt,
    recordJson: JSON.stringify(record),
  };
}
