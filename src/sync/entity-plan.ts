import type { SnapshotInfo } from '../cache';
import { ENTITY_NAMES, type EntityName } from '../qbo';

/** The served snapshot lacks a cached entity, or the store still holds one no longer cached (QUICKBOOKS_ENTITIES changed). */
export function entitiesChanged(snapshot: SnapshotInfo, entities: readonly EntityName[]): boolean {
  return snapshot.dropped.length > 0 || entities.some((entity) => !snapshot.entities.includes(entity));
}

/** What a full sync pulls, keeps and replaces, and the cursor and full-sync time it commits. */
export interface FullPlan {
  /** Entities pulled from QuickBooks. */
  readonly pulled: readonly EntityName[];
  /** Entities whose tables carry over from the committed snapshot (none for an ordinary full sync). */
  readonly kept: readonly EntityName[];
  /** Entities whose stored rows are replaced by the pulled ones (an entity not pulled among them loses its rows). */
  readonly replaced: readonly EntityName[];
  readonly syncedThrough: string;
  readonly lastFullSyncAt: string;
}

/**
 * Without `keep`, every cached entity is pulled and every entity replaced. With `keep` (the served snapshot), only
 * the cached entities it lacks are pulled; its other tables, cursor and full-sync time carry over (the next CDC call
 * covers the pulled entities from that older cursor as well), and entities no longer cached lose their rows.
 */
export function planFull(entities: readonly EntityName[], startedAt: string, keep?: SnapshotInfo): FullPlan {
  const kept = keep ? entities.filter((entity) => keep.entities.includes(entity)) : [];
  return {
    pulled: entities.filter((entity) => !kept.includes(entity)),
    kept,
    replaced: ENTITY_NAMES.filter((entity) => !kept.includes(entity)),
    syncedThrough: keep?.syncedThrough ?? startedAt,
    lastFullSyncAt: keep?.lastFullSyncAt ?? startedAt,
  };
}
