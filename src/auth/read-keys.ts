import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ReadKeyRow, Store } from '../store';

/** A read key as listed: never the key itself, which is shown once, when it is made. */
export interface ReadKeyInfo {
  readonly id: string;
  readonly realmId: string;
  readonly createdAt: number;
}

export interface ReadKeys {
  /** Loads the stored keys (their hashes). */
  /** Loads the stored keys (again, with replicas: keys made or revoked through another one). */
  init(): Promise<void>;
  /** A new key for the company: `{ id, key }`, the key in clear this once. */
  create(realmId: string): Promise<{ readonly id: string; readonly key: string; readonly createdAt: number }>;
  /** Revokes a key of the company, at once; false when it has no such key. */
  revoke(realmId: string, id: string): Promise<boolean>;
  list(realmId: string): readonly ReadKeyInfo[];
  /** The company a presented key reads, or null when it is not a live key. */
  verify(presented: string): string | null;
  /** Forgets a company's keys (it was disconnected; the store deleted them with its data). */
  forget(realmId: string): void;
}

const PREFIX = 'qbk';
/** 256 random bits: a key cannot be guessed, so one SHA-256 of it is enough to store (no password stretching). */
const SECRET_BYTES = 32;
const ID_BYTES = 9;
const KEY_SHAPE = /^qbk_([A-Za-z0-9_-]{12})_[A-Za-z0-9_-]{43}$/;

/**
 * Read keys (README, Several companies): `qbk_<id>_<secret>`, random, shown once, stored as SHA-256 hashes; a key is
 * found by its id and its hash compared in constant time. Revoking deletes the row and forgets the hash at once.
 */
export function createReadKeys(store: Store, now: () => number = Date.now): ReadKeys {
  const byId = new Map<string, ReadKeyRow>();
  return {
    async init() {
      const rows = await store.listReadKeys(); // read first: the keys in use stay valid while it is read
      byId.clear();
      for (const row of rows) byId.set(row.id, row);
    },
    async create(realmId) {
      const id = randomBytes(ID_BYTES).toString('base64url');
      const key = `${PREFIX}_${id}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
      const row: ReadKeyRow = { id, realmId, hash: digest(key), createdAt: now() };
      await store.saveReadKey(row);
      byId.set(id, row);
      return { id, key, createdAt: row.createdAt };
    },
    async revoke(realmId, id) {
      const row = byId.get(id);
      if (row?.realmId !== realmId) return false;
      byId.delete(id); // before the store's answer: a revoked key stops working at once
      await store.deleteReadKey(realmId, id);
      return true;
    },
    list: (realmId) =>
      [...byId.values()].filter((row) => row.realmId === realmId).map(({ id, createdAt }) => ({ id, realmId, createdAt })),
    verify(presented) {
      const id = KEY_SHAPE.exec(presented)?.[1];
      const row = id === undefined ? undefined : byId.get(id);
      if (row === undefined) return null;
      return timingSafeEqual(digest(presented), row.hash) ? row.realmId : null;
    },
    forget(realmId) {
      for (const [id, row] of byId) if (row.realmId === realmId) byId.delete(id);
    },
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
