import { SIM_ENTITIES, type SimEntity } from './entities';
import type { GeneratedCompany } from './generator/generate-company';
import type { JsonObject } from './json';
import { formatPacific } from './qbo-time';
import type { StoredRecord, Tombstone } from './records';
import {
  createDefaults, deriveHierarchy, mergePatch, SimulatorControlError, withoutSystemKeys,
} from './record-defaults';

export type ChangeOperation = 'Create' | 'Update' | 'Delete';

/** One change, as a webhook sender (a later issue) will need it: every mutation goes through CompanyStore. */
export interface CompanyChange {
  readonly entity: SimEntity;
  readonly operation: ChangeOperation;
  readonly id: string;
  readonly atMs: number;
}

export interface CompanyStore {
  /** Records in Id order (QBO's default order here; `ORDERBY Id` needs no sort). */
  records(entity: SimEntity): IterableIterator<StoredRecord>;
  /** The same records as an array (cached until the next change), for slicing pages by position. */
  ordered(entity: SimEntity): readonly StoredRecord[];
  count(entity: SimEntity): number;
  get(entity: SimEntity, id: string): StoredRecord | undefined;
  tombstones(entity: SimEntity): IterableIterator<Tombstone>;
  create(entity: SimEntity, fields: JsonObject): StoredRecord;
  update(entity: SimEntity, id: string, patch: JsonObject): StoredRecord;
  remove(entity: SimEntity, id: string): Tombstone;
  onChange(listener: (change: CompanyChange) => void): () => void;
}

/**
 * The simulated company in memory. Records are immutable: a change stores a new record with SyncToken + 1 and
 * MetaData.LastUpdatedTime = the clock's now, which is what queries on LastUpdatedTime and CDC see.
 * A deletion leaves a tombstone for CDC.
 */
export function createCompanyStore(company: GeneratedCompany, now: () => number): CompanyStore {
  const tables = new Map<SimEntity, Map<string, StoredRecord>>();
  const graves = new Map<SimEntity, Map<string, Tombstone>>();
  const nextId = new Map<SimEntity, number>();
  const listeners = new Set<(change: CompanyChange) => void>();
  const orderedCache = new Map<SimEntity, readonly StoredRecord[]>();
  for (const entity of SIM_ENTITIES) {
    const table = new Map<string, StoredRecord>();
    let max = 0;
    for (const record of company[entity]) {
      table.set(record.id, record);
      max = Math.max(max, record.idNum);
    }
    tables.set(entity, table);
    graves.set(entity, new Map());
    nextId.set(entity, max + 1);
  }
  const table = (entity: SimEntity): Map<string, StoredRecord> => tables.get(entity) ?? new Map();
  const mustGet = (entity: SimEntity, id: string): StoredRecord => {
    const record = table(entity).get(id);
    if (!record) throw new SimulatorControlError(`${entity} ${id} does not exist`);
    return record;
  };
  const lookup = (entity: SimEntity, id: string) => table(entity).get(id);
  const emit = (change: CompanyChange) => {
    orderedCache.delete(change.entity);
    listeners.forEach((listener) => listener(change));
  };

  const store = (entity: SimEntity, idNum: number, json: JsonObject, createdMs: number, updatedMs: number): StoredRecord => {
    const record: StoredRecord = { id: String(idNum), idNum, json, createdMs, updatedMs };
    table(entity).set(record.id, record);
    return record;
  };

  return {
    records: (entity) => table(entity).values(),
    ordered(entity) {
      let records = orderedCache.get(entity);
      if (!records) {
        records = [...table(entity).values()];
        orderedCache.set(entity, records);
      }
      return records;
    },
    count: (entity) => table(entity).size,
    get: lookup,
    tombstones: (entity) => (graves.get(entity) ?? new Map<string, Tombstone>()).values(),
    create(entity, fields) {
      const atMs = now();
      const idNum = nextId.get(entity) ?? 1;
      const body = deriveHierarchy(entity, { ...createDefaults(entity, idNum, atMs), ...withoutSystemKeys(fields) }, lookup);
      if (entity === 'Customer' && body.BalanceWithJobs === 0 && typeof body.Balance === 'number') body.BalanceWithJobs = body.Balance;
      const stamp = formatPacific(atMs);
      const json: JsonObject = { Id: String(idNum), SyncToken: '0', ...body, MetaData: { CreateTime: stamp, LastUpdatedTime: stamp }, domain: 'QBO', sparse: false };
      nextId.set(entity, idNum + 1);
      const record = store(entity, idNum, json, atMs, atMs);
      emit({ entity, operation: 'Create', id: record.id, atMs });
      return record;
    },
    update(entity, id, patch) {
      const current = mustGet(entity, id);
      const atMs = now();
      const before = current.json;
      let merged = mergePatch(before, withoutSystemKeys(patch));
      const nameKey = entity === 'Customer' ? 'DisplayName' : 'Name';
      const renamed = merged[nameKey] !== before[nameKey] || 'ParentRef' in patch;
      if ((entity === 'Customer' || entity === 'Item') && renamed && !('FullyQualifiedName' in patch)) merged = deriveHierarchy(entity, merged, lookup);
      const metaData = { ...(before.MetaData as JsonObject), LastUpdatedTime: formatPacific(atMs) };
      const json: JsonObject = { ...merged, Id: before.Id ?? id, SyncToken: String(Number(before.SyncToken ?? '0') + 1), MetaData: metaData, domain: 'QBO', sparse: false };
      const record = store(entity, current.idNum, json, current.createdMs, atMs);
      emit({ entity, operation: 'Update', id, atMs });
      return record;
    },
    remove(entity, id) {
      const current = mustGet(entity, id);
      const atMs = now();
      table(entity).delete(id);
      const tombstone: Tombstone = {
        id, idNum: current.idNum, deletedMs: atMs,
        json: { domain: 'QBO', status: 'Deleted', Id: id, MetaData: { LastUpdatedTime: formatPacific(atMs) } },
      };
      graves.get(entity)?.set(id, tombstone);
      emit({ entity, operation: 'Delete', id, atMs });
      return tombstone;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
