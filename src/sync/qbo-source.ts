import type { QboClient, RawEntity } from '../qbo';
import { ENTITY_NAMES, normalizeRecord, type EntityName, type RawByEntity } from '../qbo';
import type { Changes, EntityChanges, EntityRow } from './apply-changes';
import type { SyncSource } from './types';

/**
 * Adapts the QBO client to what a sync needs: normalized rows with their raw JSON text and LastUpdatedTime, for the
 * `entities` cached (the others are never queried).
 */
export function createQboSource(client: QboClient, entities: readonly EntityName[] = ENTITY_NAMES): SyncSource {
  return {
    entities,
    count: (entity, call) => client.count(entity, call),
    async pull(entity, call, onPage) {
      let page: EntityRow<typeof entity>[] = [];
      const keep = (raw: RawByEntity[typeof entity]) => {
        page.push(rowOf(entity, raw));
        return null;
      };
      await client.queryAllMapped(entity, keep, {
        ...call,
        onPage: (progress) => {
          const done = page;
          page = [];
          onPage(done, progress.fetched);
        },
      });
    },
    async changesSince(since, call) {
      // One CDC call for every entity cached.
      const set = await client.changesSince(entities, since, call);
      const changes: Partial<Record<EntityName, EntityChanges<unknown>>> = {};
      const convert = <E extends EntityName>(entity: E): EntityChanges<RecordByEntityOf<E>> => ({
        upserts: set.changes[entity].upserts.map((raw) => rowOf(entity, raw as RawByEntity[E])),
        deletes: set.changes[entity].deletes.map((ref) => ({ id: ref.id, lastUpdated: ref.lastUpdated ?? new Date().toISOString() })),
      });
      for (const entity of entities) changes[entity] = convert(entity);
      return { changes: changes as Changes, capped: set.capped };
    },
  };
}

type RecordByEntityOf<E extends EntityName> = EntityRow<E>['record'];

function rowOf<E extends EntityName>(entity: E, raw: RawByEntity[E]): EntityRow<E> {
  const record = normalizeRecord(entity, raw);
  return {
    id: record.id,
    record,
    raw: JSON.stringify(raw),
    lastUpdated: (raw as RawEntity).MetaData?.LastUpdatedTime ?? record.updatedAt,
    recordJson: JSON.stringify(record),
  };
}
