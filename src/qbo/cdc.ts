/**
 * Change data capture (docs/quickbooks.md#change-data-capture): `GET /cdc?entities=…&changedSince=…` answers
 * `{"CDCResponse":[{"QueryResponse":[{"Customer":[…],"startPosition":1,"maxResults":2}, {"Invoice":[…]}]}]}` —
 * note both arrays. Deleted objects carry only `Id`, `status:"Deleted"` and `MetaData.LastUpdatedTime`. One
 * response holds at most 1,000 objects across all entities, with no paging: a full response means the window was
 * too wide and the caller must narrow it or fall back to a full pull. The look-back is at most 30 days.
 */
import { ENTITIES, entityForQboName, type QboEntityName, type RawByEntity } from './entities';
import { isRawEntity } from './raw-types';
import type { EntityName } from '../config';

export const CDC_MAX_OBJECTS = 1000;
export const CDC_MAX_LOOKBACK_DAYS = 30;

export interface DeletedRef {
  readonly id: string;
  /** MetaData.LastUpdatedTime of the deletion, as QBO sent it. */
  readonly lastUpdated?: string;
}

export interface EntityChanges<R> {
  /** Created or updated objects, full payloads (name-list "deletes" are inactivations and arrive here). */
  readonly upserts: R[];
  readonly deletes: DeletedRef[];
}

export interface ChangeSet<E extends EntityName> {
  readonly changes: { readonly [K in E]: EntityChanges<RawByEntity[K]> };
  /** Objects in the response, every entity counted. */
  readonly objectCount: number;
  /** The response reached the 1,000-object cap: changes may be missing. */
  readonly capped: boolean;
  /** Objects dropped because they had no string `Id`. */
  readonly skipped: number;
}

/**
 * `changedSince` as UTC with `Z`: node-quickbooks sends it unencoded, so an offset's `+` would arrive as a space,
 * and a timestamp without offset is read as Pacific time (docs/quickbooks.md#timestamps). `toISOString()` is
 * `YYYY-MM-DDTHH:mm:ss.sssZ`: nothing in it needs URL encoding.
 */
export function formatChangedSince(since: Date): string {
  if (Number.isNaN(since.getTime())) throw new RangeError('changesSince: `since` is not a valid date');
  return since.toISOString();
}

const asArray = (value: unknown): unknown[] | undefined => (Array.isArray(value) ? value : undefined);

/** The change set, or undefined when the body is not the CDC envelope. */
export function parseCdcBody<E extends EntityName>(body: object, entities: readonly E[]): ChangeSet<E> | undefined {
  const responses = asArray((body as { CDCResponse?: unknown }).CDCResponse);
  if (!responses) return undefined;
  const changes = Object.fromEntries(entities.map((e) => [e, { upserts: [], deletes: [] }])) as unknown as {
    [K in E]: { upserts: RawByEntity[K][]; deletes: DeletedRef[] };
  };
  const wanted = new Set<EntityName>(entities);
  let objectCount = 0;
  let skipped = 0;
  for (const response of responses) {
    const groups = asArray((response as { QueryResponse?: unknown } | null)?.QueryResponse) ?? [];
    for (const group of groups) {
      if (typeof group !== 'object' || group === null) continue;
      for (const [key, value] of Object.entries(group)) {
        const rows = asArray(value);
        if (!rows) continue; // startPosition, maxResults, totalCount
        objectCount += rows.length;
        const entity = entityForQboName(key);
        if (!entity || !wanted.has(entity)) continue;
        const target = changes[entity as E];
        for (const row of rows) {
          if (!isRawEntity(row)) {
            skipped += 1;
          } else if (row.status === 'Deleted') {
            const lastUpdated = row.MetaData?.LastUpdatedTime;
            target.deletes.push(typeof lastUpdated === 'string' ? { id: row.Id, lastUpdated } : { id: row.Id });
          } else {
            target.upserts.push(row as RawByEntity[E]);
          }
        }
      }
    }
  }
  return { changes, objectCount, capped: objectCount >= CDC_MAX_OBJECTS, skipped };
}

/** QBO spellings for `entities=`, in our fixed order. */
export function cdcEntityNames(entities: readonly EntityName[]): QboEntityName[] {
  return entities.map((e) => ENTITIES[e].qboName);
}
