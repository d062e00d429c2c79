/**
 * What replicas sharing one PostgreSQL need of it (README "Several replicas"): the snapshot heads a follower polls,
 * the change log it replays, notifications on a connection of their own, and the queue of syncs followers hand to
 * each company's leader.
 */
import type pg from 'pg';
import type { Logger } from 'pino';
import type { StoreNotice, StoreReplication, SyncMode, SyncRequestRow } from '../types';
import { SNAPSHOT_CHANNEL, readChanges } from './pg-change-log';
import { connectClient } from './pg-connection';

const REQUEST_CHANNEL = 'qbo_cache_requests';
/** The listener's connection is asked this often whether it is alive; a silent dead connection is not noticed otherwise. */
const HEARTBEAT_MS = 10_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;

export function createPgReplication(pool: pg.Pool, url: string, logger: Logger | undefined): Omit<StoreReplication, 'failRunsOfLostLeader'> {
  return {
    async heads() {
      const { rows } = await pool.query<{ realm_id: string; generation: number; change_seq: number; synced_through: string }>(
        'SELECT realm_id, generation, change_seq, synced_through FROM snapshots',
      );
      return rows.map((row) => ({ realmId: row.realm_id, generation: row.generation, changeSeq: row.change_seq, syncedThrough: row.synced_through }));
    },
    changesSince: (realmId, generation, afterSeq) => readChanges(pool, realmId, generation, afterSeq),
    listen: (onNotice) => listen(url, onNotice, logger),
    requestSync: (realmId, mode, trigger, requestedBy) => queue(pool, realmId, 'sync', mode, trigger, requestedBy),
    requestVerify: (realmId, requestedBy) => queue(pool, realmId, 'verify', null, 'manual', requestedBy),
    async answerVerifyRequest(id, result) {
      await pool.query('UPDATE sync_requests SET result = $2 WHERE id = $1', [id, result]);
    },
    async verifyRequestResult(id) {
      const { rows } = await pool.query<{ result: string | null }>('SELECT result FROM sync_requests WHERE id = $1', [id]);
      return rows[0]?.result ?? null;
    },
    async takeSyncRequests(realmId, holder) {
      const { rows } = await pool.query<{ id: number; realm_id: string; kind: 'sync' | 'verify'; mode: SyncMode | null; trigger: string }>(
        `UPDATE sync_requests SET taken_by = $2 WHERE id IN
           (SELECT id FROM sync_requests WHERE realm_id = $1 AND taken_by IS NULL ORDER BY id FOR UPDATE SKIP LOCKED)
         RETURNING id, realm_id, kind, mode, trigger`,
        [realmId, holder],
      );
      // Requests taken more than a day ago are of no more use to anyone.
      await pool.query('DELETE FROM sync_requests WHERE realm_id = $1 AND taken_by IS NOT NULL AND requested_at < (extract(epoch from clock_timestamp()) * 1000)::bigint - 86400000', [realmId]);
      return rows.map((row): SyncRequestRow => ({ id: row.id, realmId: row.realm_id, kind: row.kind, mode: row.mode, trigger: row.trigger })).sort((a, b) => a.id - b.id);
    },
    async answerSyncRequest(id, runId) {
      await pool.query('UPDATE sync_requests SET run_id = $2 WHERE id = $1', [id, runId]);
    },
    async syncRequestRun(id) {
      const { rows } = await pool.query<{ run_id: string | null }>('SELECT run_id FROM sync_requests WHERE id = $1', [id]);
      return rows[0]?.run_id ?? null;
    },
  };
}

/** LISTEN on a dedicated connection, with a heartbeat; reconnects with backoff (1 s doubling to 30 s). */
function listen(url: string, onNotice: (notice: StoreNotice) => void, logger: Logger | undefined): { close(): Promise<void> } {
  let client: pg.Client | null = null;
  let closed = false;
  let attempt = 0;
  let heartbeat: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;
  const log = logger?.child({ component: 'store' });

  const drop = (client: pg.Client, reason: string) => {
    clearInterval(heartbeat);
    client.removeAllListeners('notification');
    client.on('error', () => undefined); // ended on purpose: its late errors mean nothing
    void client.end().catch(() => undefined);
    if (closed) return;
    log?.warn({ reason }, 'the notification connection to PostgreSQL was lost; reconnecting (polling covers the gap)');
    schedule();
  };
  const schedule = () => {
    const delay = Math.min(30_000, 1000 * 2 ** attempt++);
    retry = setTimeout(() => void connect(), delay);
    retry.unref();
  };
  const connect = async () => {
    let next: pg.Client;
    try {
      next = await connectClient(url, 'qbo-cache listener');
    } catch (error) {
      if (!closed) log?.debug({ err: { message: (error as Error).message } }, 'could not connect the notification connection');
      if (!closed) schedule();
      return;
    }
    if (closed) {
      void next.end().catch(() => undefined);
      return;
    }
    client = next;
    let lost = false;
    const lose = (reason: string) => {
      if (lost) return;
      lost = true;
      drop(next, reason);
    };
    next.on('error', (error) => lose(error.message));
    next.on('end', () => lose('the connection ended'));
    next.on('notification', (message) => {
      const realmId = message.payload ?? '';
      if (message.channel === SNAPSHOT_CHANNEL) onNotice({ kind: 'snapshot', realmId });
      else if (message.channel === REQUEST_CHANNEL) onNotice({ kind: 'request', realmId });
    });
    try {
      await next.query(`LISTEN ${SNAPSHOT_CHANNEL}; LISTEN ${REQUEST_CHANNEL}`);
    } catch (error) {
      lose((error as Error).message);
      return;
    }
    const reconnected = attempt > 0;
    attempt = 0;
    heartbeat = setInterval(() => {
      const timer = setTimeout(() => lose('no answer to the heartbeat'), HEARTBEAT_TIMEOUT_MS);
      next.query('SELECT 1').then(
        () => clearTimeout(timer),
        (error: Error) => {
          clearTimeout(timer);
          lose(error.message);
        },
      );
    }, HEARTBEAT_MS);
    heartbeat.unref();
    if (reconnected) log?.info('the notification connection to PostgreSQL is back');
    onNotice({ kind: 'reconnected' });
  };
  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      clearInterval(heartbeat);
      const current = client;
      client = null;
      if (current) {
        current.removeAllListeners();
        current.on('error', () => undefined);
        await current.end().catch(() => undefined);
      }
    },
  };
}

async function queue(pool: pg.Pool, realmId: string, kind: 'sync' | 'verify', mode: SyncMode | null, trigger: string, requestedBy: string): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `WITH queued AS (INSERT INTO sync_requests (realm_id, kind, mode, trigger, requested_by, requested_at)
       VALUES ($1, $2, $3, $4, $5, (extract(epoch from clock_timestamp()) * 1000)::bigint) RETURNING id)
     SELECT id, pg_notify('${REQUEST_CHANNEL}', $1) FROM queued`,
    [realmId, kind, mode, trigger, requestedBy],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('PostgreSQL gave no request id');
  return id;
}
