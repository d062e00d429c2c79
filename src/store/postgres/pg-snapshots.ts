/**
 * A company's snapshot in PostgreSQL. As in the SQLite file (../snapshot-replace.ts), a full sync writes a new
 * generation of rows as they arrive and one small transaction points the head at it; loads read the head's
 * generation only, so they see the old snapshot or the new one, never a mix. Unlike the file, the generation the
 * head pointed at before stays until the next replacement's commit: a replica (or a request) still serving it can
 * read its raw JSON meanwhile (Store.readSnapshotRaw reads by generation).
 */
import type pg from 'pg';
import { StoreInvalidArgumentError, StoreWriteAbandonedError } from '../errors';
import { assertChanges } from '../snapshot-codec';
import type { ReplaceOptions, SnapshotChanges, SnapshotReplacement, SnapshotUpsert, StoredSnapshot } from '../types';
import { inTransaction, type Queryable } from './pg-connection';
import { fenceCheck } from './pg-leases';
import { logChanges, SNAPSHOT_CHANNEL } from './pg-change-log';
import { deleteRows, loadSnapshot, readHead, writeRows } from './pg-snapshot-rows';

/** Rows per DELETE of an old generation: short statements, so a replica's reads and the next writes never wait long. */
const DELETE_BATCH = 5000;
const ENDED = 'this snapshot replacement was already committed or abandoned';

export function createPgSnapshots(pool: pg.Pool, now: () => number) {
  const writeHead = async (db: Queryable, realmId: string, changes: SnapshotChanges, generation: number, changeSeq: number) => {
    // meta NULL means "not given": the stored meta is kept.
    await db.query(
      `INSERT INTO snapshots (realm_id, synced_through, updated_at, meta, generation, change_seq) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (realm_id) DO UPDATE SET synced_through = excluded.synced_through, updated_at = excluded.updated_at,
         meta = coalesce(excluded.meta, snapshots.meta), generation = excluded.generation, change_seq = excluded.change_seq`,
      [realmId, changes.syncedThrough, now(), changes.meta === undefined ? null : JSON.stringify(changes.meta), generation, changeSeq],
    );
    // Delivered at commit, to every replica listening (pg-replication.ts); a lost one is made up for by polling.
    await db.query(`SELECT pg_notify('${SNAPSHOT_CHANNEL}', $1)`, [realmId]);
  };

  // Background deletes run one after another (best effort: a failed one is retried by the next commit's).
  let background: Promise<void> = Promise.resolve();
  const inBackground = (work: () => Promise<void>) => {
    background = background.then(work).catch(() => undefined);
  };
  // Set by close: a delete stops after its current batch (the next commit deletes what is left).
  let stopping = false;
  const inBatches = async (sql: string, values: unknown[]) => {
    while (!stopping && ((await pool.query(`DELETE FROM snapshot_rows WHERE ctid = ANY(ARRAY(${sql} LIMIT ${DELETE_BATCH}))`, values)).rowCount ?? 0) > 0);
  };
  const dropGeneration = (realmId: string, generation: number) => inBatches('SELECT ctid FROM snapshot_rows WHERE realm_id = $1 AND generation = $2', [realmId, generation]);
  /** Every generation below `next` but `kept`: a crash's or an abandon's leftovers, and the one `kept` replaced. */
  const deleteOlder = (realmId: string, next: number, kept: number | undefined) =>
    inBackground(() =>
      inBatches('SELECT ctid FROM snapshot_rows WHERE realm_id = $1 AND generation < $2 AND generation IS DISTINCT FROM $3::bigint', [realmId, next, kept ?? null]),
    );

  async function begin(realmId: string, options: ReplaceOptions = {}): Promise<SnapshotReplacement> {
    if (realmId === '') throw new StoreInvalidArgumentError('realmId must not be empty');
    const shouldCommit = options.shouldCommit ?? (() => true);
    const next = (await pool.query<{ next: number }>("SELECT nextval('snapshot_generations') AS next")).rows[0]?.next;
    if (next === undefined) throw new Error('PostgreSQL gave no snapshot generation');
    const checkWanted = () => {
      if (!shouldCommit()) throw new StoreWriteAbandonedError();
    };
    // Writes run one after another, in call order; the first failure fails every later call and the commit.
    let queue: Promise<void> = Promise.resolve();
    let ended = false;
    return {
      target: { realmId, generation: next },
      earlierDeletes: () => background,
      write(upserts: readonly SnapshotUpsert[]) {
        if (ended) return Promise.reject(new Error(ENDED));
        queue = queue.then(() => writeRows(pool, realmId, next, upserts, checkWanted));
        return queue;
      },
      async commit(changes) {
        assertChanges(realmId, changes);
        if (ended) throw new Error(ENDED);
        ended = true;
        let previous: number | undefined;
        try {
          await queue;
          previous = await inTransaction(pool, async (client) => {
            await fenceCheck(client, realmId, changes.fence); // first: the lock order of a disconnect (pg-leases.ts)
            const head = await readHead(client, realmId, true); // one commit at a time per company
            checkWanted();
            if (head !== undefined) {
              // Entities not replaced keep their rows: copied into the new generation along with the flip.
              await client.query(
                `INSERT INTO snapshot_rows (realm_id, generation, entity, id, raw, last_updated, record, record_format)
                 SELECT realm_id, $2, entity, id, raw, last_updated, record, record_format FROM snapshot_rows
                 WHERE realm_id = $1 AND generation = $3 AND NOT (entity = ANY($4::text[]))
                 ON CONFLICT DO NOTHING`,
                [realmId, next, head.generation, changes.replaceEntities ?? []],
              );
            }
            await deleteRows(client, realmId, next, changes.deletes);
            await writeHead(client, realmId, changes, next, 0);
            // The change log of replaced generations: a follower that sees the new generation loads it whole.
            await client.query('DELETE FROM snapshot_changes WHERE realm_id = $1 AND generation < $2', [realmId, next]);
            return head?.generation;
          });
        } catch (error) {
          inBackground(() => dropGeneration(realmId, next));
          throw error;
        }
        deleteOlder(realmId, next, previous);
      },
      abandon() {
        if (ended) return;
        ended = true;
        inBackground(() => queue.catch(() => undefined).then(() => dropGeneration(realmId, next)));
      },
    };
  }

  return {
    /** Small changes (an incremental sync) in one transaction, on the head's generation. */
    async apply(realmId: string, changes: SnapshotChanges): Promise<void> {
      assertChanges(realmId, changes);
      if (changes.replaceEntities !== undefined) throw new StoreInvalidArgumentError('a replacement goes through replace()');
      await inTransaction(pool, async (client) => {
        await fenceCheck(client, realmId, changes.fence);
        const generation = (await readHead(client, realmId, true))?.generation ?? 0;
        await writeRows(client, realmId, generation, changes.upserts);
        await deleteRows(client, realmId, generation, changes.deletes);
        await writeHead(client, realmId, changes, generation, await logChanges(client, realmId, generation, changes));
      });
    },
    begin,
    async replace(realmId: string, changes: SnapshotChanges, options?: ReplaceOptions): Promise<void> {
      assertChanges(realmId, changes);
      const replacement = await begin(realmId, options);
      replacement.write(changes.upserts).catch(() => undefined); // its failure is the commit's
      await replacement.commit(changes);
    },
    load: (realmId: string, rawUnlessFormat?: string): Promise<StoredSnapshot | null> => loadSnapshot(pool, realmId, rawUnlessFormat),
    async count(realmId: string, upTo: number): Promise<number> {
      const { rows } = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM snapshot_rows
           WHERE realm_id = $1 AND generation = (SELECT generation FROM snapshots WHERE realm_id = $1) LIMIT $2) AS head_rows`,
        [realmId, upTo],
      );
      return rows[0]?.n ?? 0;
    },
    async readRaw(realmId: string, generation: number, entity: string, ids: readonly string[]): Promise<(string | undefined)[]> {
      const { rows } = await pool.query<{ id: string; raw: string }>(
        'SELECT id, raw FROM snapshot_rows WHERE realm_id = $1 AND generation = $2 AND entity = $3 AND id = ANY($4::text[])',
        [realmId, generation, entity, ids],
      );
      const found = new Map(rows.map((row) => [row.id, row.raw]));
      return ids.map((id) => found.get(id));
    },
    /** Stops the background deletes after their current batch; resolves once they have. */
    stop(): Promise<void> {
      stopping = true;
      return background;
    },
  };
}
