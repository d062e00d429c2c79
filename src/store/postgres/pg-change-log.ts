/**
 * The change log followers replay (README "Several replicas"): each incremental commit writes what it changed (our
 * records as JSON, not QuickBooks' raw JSON, which stays in snapshot_rows) under the next `change_seq`, in the same
 * transaction as the rows, so a follower reading the log never sees a change the rows do not have. A full commit
 * starts a new generation and deletes the log of the old ones: a follower seeing a new generation loads it whole.
 */
import type { LoggedChanges, SnapshotChanges } from '../types';
import type { Queryable } from './pg-connection';

/** NOTIFY channel of commits to snapshots; the payload is the realm id. */
export const SNAPSHOT_CHANNEL = 'qbo_cache_snapshots';

type LogBody = Omit<LoggedChanges, 'seq'>;

/** Logs an incremental commit's changes; resolves their sequence number (the head's new change_seq). */
export async function logChanges(db: Queryable, realmId: string, generation: number, changes: SnapshotChanges): Promise<number> {
  const body: LogBody = {
    upserts: changes.upserts.map((row) => ({ entity: row.entity, id: row.id, lastUpdated: row.lastUpdated, record: row.record ?? null })),
    deletes: changes.deletes.map((row) => ({ entity: row.entity, id: row.id, ...(row.lastUpdated === undefined ? {} : { lastUpdated: row.lastUpdated }) })),
  };
  const { rows } = await db.query<{ seq: number }>(
    "INSERT INTO snapshot_changes (seq, realm_id, generation, changes) VALUES (nextval('snapshot_change_seq'), $1, $2, $3) RETURNING seq",
    [realmId, generation, JSON.stringify(body)],
  );
  const seq = rows[0]?.seq;
  if (seq === undefined) throw new Error('PostgreSQL gave no change sequence number');
  return seq;
}

/** The logged changes of one generation after `afterSeq`, oldest first. */
export async function readChanges(db: Queryable, realmId: string, generation: number, afterSeq: number): Promise<LoggedChanges[]> {
  const { rows } = await db.query<{ seq: number; changes: string }>(
    'SELECT seq, changes FROM snapshot_changes WHERE realm_id = $1 AND generation = $2 AND seq > $3 ORDER BY seq',
    [realmId, generation, afterSeq],
  );
  return rows.map((row) => ({ seq: row.seq, ...(JSON.parse(row.changes) as LogBody) }));
}
