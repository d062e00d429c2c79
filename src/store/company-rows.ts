import type { Database } from 'better-sqlite3';

/**
 * The connected companies: one row per realm that was connected and not disconnected since. Tokens of a realm that
 * is not listed (left behind by a version that served one company at a time) are not a company.
 */
export interface CompanyRows {
  /** Realm ids in the order they were added (the first one added first). */
  list(): string[];
  /** Adds the realm; a realm already listed keeps its place. */
  add(realmId: string, now: number): void;
  delete(realmId: string): void;
  /** The company's name (CompanyInfo.CompanyName), null until it was read. */
  name(realmId: string): string | null;
  /** Keeps the name of a listed company (a realm not listed is ignored). */
  setName(realmId: string, name: string): void;
}

export function createCompanyRows(db: Database): CompanyRows {
  const list = db.prepare<[], string>('SELECT realm_id FROM companies ORDER BY added_at, realm_id').pluck();
  const add = db.prepare<[string, number]>('INSERT INTO companies (realm_id, added_at) VALUES (?, ?) ON CONFLICT (realm_id) DO NOTHING');
  const remove = db.prepare<[string]>('DELETE FROM companies WHERE realm_id = ?');
  const nameOf = db.prepare<[string], string | null>('SELECT name FROM companies WHERE realm_id = ?').pluck();
  const setName = db.prepare<[string, string]>('UPDATE companies SET name = ? WHERE realm_id = ?');
  return {
    list: () => list.all(),
    add: (realmId, now) => void add.run(realmId, now),
    delete: (realmId) => void remove.run(realmId),
    name: (realmId) => nameOf.get(realmId) ?? null,
    setName: (realmId, name) => void setName.run(name, realmId),
  };
}
