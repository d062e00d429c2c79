import type { Database } from 'better-sqlite3';
import type { ReadKeyRow } from './types';

interface Row {
  id: string;
  realm_id: string;
  hash: Buffer;
  created_at: number;
}

/** Read keys by their SHA-256 hash only: the file never holds a key (auth/read-keys.ts). */
export interface ReadKeyRows {
  list(): ReadKeyRow[];
  save(row: ReadKeyRow): void;
  delete(realmId: string, id: string): boolean;
  deleteRealm(realmId: string): void;
}

export function createReadKeyRows(db: Database): ReadKeyRows {
  const list = db.prepare<[], Row>('SELECT id, realm_id, hash, created_at FROM read_keys ORDER BY created_at, id');
  const insert = db.prepare<[string, string, Buffer, number]>('INSERT INTO read_keys (id, realm_id, hash, created_at) VALUES (?, ?, ?, ?)');
  const remove = db.prepare<[string, string]>('DELETE FROM read_keys WHERE realm_id = ? AND id = ?');
  const removeRealm = db.prepare<[string]>('DELETE FROM read_keys WHERE realm_id = ?');
  return {
    list: () => list.all().map((row) => ({ id: row.id, realmId: row.realm_id, hash: row.hash, createdAt: row.created_at })),
    save: (row) => void insert.run(row.id, row.realmId, row.hash, row.createdAt),
    delete: (realmId, id) => remove.run(realmId, id).changes > 0,
    deleteRealm: (realmId) => void removeRealm.run(realmId),
  };
}
