import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { StoreInvalidArgumentError } from './errors';
import type { OAuthStateResult } from './types';

/**
 * Used and expired states are kept this long after they expire, so a replayed or late callback is told
 * `used`/`expired` rather than `unknown`; then the purge drops them.
 */
export const KEEP_AFTER_EXPIRY_MS = 24 * 60 * 60 * 1000;

interface StateRow {
  expires_at: number;
  used_at: number | null;
}

export interface OAuthStates {
  save(state: string, expiresAt: number, now: number): void;
  consume(state: string, now: number): OAuthStateResult;
  purge(now: number): number;
}

export function createOAuthStates(db: Database): OAuthStates {
  const insert = db.prepare<[Buffer, number]>(
    'INSERT INTO oauth_states (state_hash, expires_at, used_at) VALUES (?, ?, NULL) ON CONFLICT DO NOTHING',
  );
  // One statement claims the state: of two consumers, only one UPDATE can change the row.
  const claim = db.prepare<[number, Buffer, number]>(
    'UPDATE oauth_states SET used_at = ? WHERE state_hash = ? AND used_at IS NULL AND expires_at > ?',
  );
  const select = db.prepare<[Buffer], StateRow>('SELECT expires_at, used_at FROM oauth_states WHERE state_hash = ?');
  const purge = db.prepare<[number]>('DELETE FROM oauth_states WHERE expires_at < ?');

  const consume = db.transaction((state: string, now: number): OAuthStateResult => {
    const hash = hashState(state);
    if (claim.run(now, hash, now).changes === 1) return 'ok';
    const row = select.get(hash);
    if (row === undefined) return 'unknown';
    return row.used_at !== null ? 'used' : 'expired';
  });

  return {
    save(state, expiresAt, now) {
      // Purging on each save keeps the table tiny without a timer; the expires_at index makes it cheap.
      if (state === '') throw new StoreInvalidArgumentError('OAuth state must not be empty');
      purge.run(now - KEEP_AFTER_EXPIRY_MS);
      // Re-saving a state would re-arm a used one: refuse it (states are random, so this is a caller bug).
      if (insert.run(hashState(state), expiresAt).changes === 0) {
        throw new StoreInvalidArgumentError('this OAuth state was already saved; generate a fresh one');
      }
    },
    consume: (state, now) => consume.immediate(state, now),
    purge: (now) => purge.run(now - KEEP_AFTER_EXPIRY_MS).changes,
  };
}

/** States are random and single use, so a plain SHA-256 (no key, no salt) is enough to make the file useless. */
export function hashState(state: string): Buffer {
  return crypto.createHash('sha256').update(state, 'utf8').digest();
}
