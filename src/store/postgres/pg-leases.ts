/**
 * Leases in PostgreSQL: one leader per company among the processes sharing the database (docs/ARCHITECTURE.md, the
 * store). Expiry is by the database's clock, so replicas whose clocks disagree still agree on who leads. A lease is
 * taken when free or expired, renewed by its holder; each change of holder raises the epoch, which every leader
 * write checks in its own transaction (`fenceCheck`), so a paused leader's late write is refused.
 */
import type pg from 'pg';
import { StoreFencedError } from '../errors';
import type { Lease, LeaseFence } from '../types';
import type { Queryable } from './pg-connection';

const DB_NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

interface LeaseRow {
  holder: string;
  epoch: number;
  expires_at: number;
}

export function createPgLeases(pool: pg.Pool) {
  return {
    async acquire(realmId: string, holder: string, ttlMs: number): Promise<Lease | null> {
      const { rows } = await pool.query<LeaseRow>(
        `INSERT INTO leases (realm_id, holder, epoch, expires_at) VALUES ($1, $2, 1, ${DB_NOW} + $3)
         ON CONFLICT (realm_id) DO UPDATE SET
           holder = excluded.holder,
           epoch = CASE WHEN leases.holder = excluded.holder THEN leases.epoch ELSE leases.epoch + 1 END,
           expires_at = excluded.expires_at
         WHERE leases.holder = excluded.holder OR leases.expires_at < ${DB_NOW}
         RETURNING holder, epoch, expires_at`,
        [realmId, holder, ttlMs],
      );
      const row = rows[0];
      return row === undefined ? null : { realmId, holder: row.holder, epoch: row.epoch, expiresAt: row.expires_at };
    },
    async release(realmId: string, holder: string): Promise<void> {
      // Expired now rather than deleted: the epoch must keep growing, or a fenced write could pass again.
      await pool.query(`UPDATE leases SET expires_at = ${DB_NOW} - 1 WHERE realm_id = $1 AND holder = $2`, [realmId, holder]);
    },
  };
}

/**
 * First in a leader's write transaction: refuses the write unless the company is still connected and `fence` is still
 * its lease. Both rows stay locked until the write commits. The company row comes first, as in a disconnect's delete
 * (pg-account-rows.ts), so a disconnect through another replica either waits for this write and then deletes what it
 * wrote, or happened before and this write is refused: a write never brings back rows of a disconnected company.
 */
export async function fenceCheck(db: Queryable, realmId: string, fence: LeaseFence | undefined): Promise<void> {
  if (fence === undefined) return;
  const company = await db.query('SELECT 1 FROM companies WHERE realm_id = $1 FOR KEY SHARE', [realmId]);
  if (company.rows.length === 0) throw new StoreFencedError(realmId, fence.epoch, true);
  const { rows } = await db.query('SELECT 1 FROM leases WHERE realm_id = $1 AND holder = $2 AND epoch = $3 FOR SHARE', [realmId, fence.holder, fence.epoch]);
  if (rows.length === 0) throw new StoreFencedError(realmId, fence.epoch);
}
