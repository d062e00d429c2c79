/** The small rows in PostgreSQL: companies, their read keys, realm states and connect-flow states. */
import type pg from 'pg';
import { hashState, KEEP_AFTER_EXPIRY_MS } from '../oauth-states';
import { StoreInvalidArgumentError } from '../errors';
import type { OAuthStateResult, ReadKeyRow, RealmState, RealmStatus } from '../types';
import type { Queryable } from './pg-connection';

export function createPgCompanies(pool: pg.Pool) {
  return {
    async list(): Promise<string[]> {
      return (await pool.query<{ realm_id: string }>('SELECT realm_id FROM companies ORDER BY added_at, realm_id')).rows.map((row) => row.realm_id);
    },
    async add(realmId: string, now: number): Promise<void> {
      await pool.query('INSERT INTO companies (realm_id, added_at) VALUES ($1, $2) ON CONFLICT (realm_id) DO NOTHING', [realmId, now]);
    },
    async name(realmId: string): Promise<string | null> {
      return (await pool.query<{ name: string | null }>('SELECT name FROM companies WHERE realm_id = $1', [realmId])).rows[0]?.name ?? null;
    },
    async setName(realmId: string, name: string): Promise<void> {
      await pool.query('UPDATE companies SET name = $1 WHERE realm_id = $2', [name, realmId]);
    },
  };
}

export function createPgReadKeys(pool: pg.Pool) {
  return {
    async list(): Promise<ReadKeyRow[]> {
      const { rows } = await pool.query<{ id: string; realm_id: string; hash: Buffer; created_at: number }>(
        'SELECT id, realm_id, hash, created_at FROM read_keys ORDER BY created_at, id',
      );
      return rows.map((row) => ({ id: row.id, realmId: row.realm_id, hash: row.hash, createdAt: row.created_at }));
    },
    async save(row: ReadKeyRow): Promise<void> {
      await pool.query('INSERT INTO read_keys (id, realm_id, hash, created_at) VALUES ($1, $2, $3, $4)', [row.id, row.realmId, row.hash, row.createdAt]);
    },
    async delete(realmId: string, id: string): Promise<boolean> {
      return ((await pool.query('DELETE FROM read_keys WHERE realm_id = $1 AND id = $2', [realmId, id])).rowCount ?? 0) > 0;
    },
  };
}

export function createPgRealmStates(pool: pg.Pool) {
  return {
    async get(realmId: string): Promise<RealmState | null> {
      const { rows } = await pool.query<{ status: RealmStatus; reason: string | null; updated_at: number }>(
        'SELECT status, reason, updated_at FROM realm_states WHERE realm_id = $1',
        [realmId],
      );
      const row = rows[0];
      if (row === undefined) return null;
      return { status: row.status, ...(row.reason === null ? {} : { reason: row.reason }), updatedAt: row.updated_at };
    },
    async set(realmId: string, state: RealmState): Promise<void> {
      await pool.query(
        `INSERT INTO realm_states (realm_id, status, reason, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (realm_id) DO UPDATE SET status = excluded.status, reason = excluded.reason, updated_at = excluded.updated_at`,
        [realmId, state.status, state.reason ?? null, state.updatedAt],
      );
    },
  };
}

export function createPgOAuthStates(pool: pg.Pool) {
  const purge = async (db: Queryable, now: number) => (await db.query('DELETE FROM oauth_states WHERE expires_at < $1', [now - KEEP_AFTER_EXPIRY_MS])).rowCount ?? 0;
  return {
    async save(state: string, expiresAt: number, now: number): Promise<void> {
      if (state === '') throw new StoreInvalidArgumentError('OAuth state must not be empty');
      await purge(pool, now);
      const inserted = await pool.query('INSERT INTO oauth_states (state_hash, expires_at, used_at) VALUES ($1, $2, NULL) ON CONFLICT DO NOTHING', [hashState(state), expiresAt]);
      // Re-saving a state would re-arm a used one: refuse it (states are random, so this is a caller bug).
      if (inserted.rowCount === 0) throw new StoreInvalidArgumentError('this OAuth state was already saved; generate a fresh one');
    },
    /** One UPDATE claims the state: of two consumers (on any replicas), only one can change the row. */
    async consume(state: string, now: number): Promise<OAuthStateResult> {
      const hash = hashState(state);
      const claimed = await pool.query('UPDATE oauth_states SET used_at = $1 WHERE state_hash = $2 AND used_at IS NULL AND expires_at > $1', [now, hash]);
      if (claimed.rowCount === 1) return 'ok';
      const row = (await pool.query<{ used_at: number | null }>('SELECT used_at FROM oauth_states WHERE state_hash = $1', [hash])).rows[0];
      if (row === undefined) return 'unknown';
      return row.used_at !== null ? 'used' : 'expired';
    },
    purge: (now: number) => purge(pool, now),
  };
}

/**
 * Everything of a realm but its sync history (which holds no company data), in the caller's transaction. The company
 * row goes before the snapshot's: a leader's write locks them in that order too (pg-leases.ts `fenceCheck`).
 */
export async function deleteRealmRows(db: Queryable, realmId: string): Promise<void> {
  for (const table of ['tokens', 'realm_states', 'companies', 'read_keys', 'snapshot_rows', 'snapshots', 'snapshot_changes', 'sync_requests', 'search_images', 'search_image_chunks']) {
    await db.query(`DELETE FROM ${table} WHERE realm_id = $1`, [realmId]);
  }
}
