import type { Database } from 'better-sqlite3';
import type { RealmState, RealmStatus } from './types';

interface RealmStateRow {
  status: RealmStatus;
  reason: string | null;
  updated_at: number;
}

export interface RealmStates {
  get(realmId: string): RealmState | null;
  set(realmId: string, state: RealmState): void;
  delete(realmId: string): void;
}

export function createRealmStates(db: Database): RealmStates {
  const select = db.prepare<[string], RealmStateRow>(
    'SELECT status, reason, updated_at FROM realm_states WHERE realm_id = ?',
  );
  const upsert = db.prepare<[string, RealmStatus, string | null, number]>(`
    INSERT INTO realm_states (realm_id, status, reason, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (realm_id) DO UPDATE SET
      status = excluded.status, reason = excluded.reason, updated_at = excluded.updated_at`);
  const remove = db.prepare<[string]>('DELETE FROM realm_states WHERE realm_id = ?');

  return {
    get(realmId) {
      const row = select.get(realmId);
      if (row === undefined) return null;
      return { status: row.status, ...(row.reason === null ? {} : { reason: row.reason }), updatedAt: row.updated_at };
    },
    set(realmId, state) {
      upsert.run(realmId, state.status, state.reason ?? null, state.updatedAt);
    },
    delete(realmId) {
      remove.run(realmId);
    },
  };
}
