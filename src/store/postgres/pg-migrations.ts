/**
 * The PostgreSQL schema and its history. Append only, like the SQLite file's (../migrations.ts): a shipped
 * migration never changes, a new one gets the next version. The same tables and columns as the SQLite file, in
 * PostgreSQL's types, so one conformance suite holds both engines to the same behaviour.
 */
import type pg from 'pg';
import { StoreSchemaTooNewError } from '../errors';
import { inTransaction } from './pg-connection';

export interface PgMigration {
  readonly version: number;
  readonly description: string;
  readonly up: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    description: 'tokens, realm states, OAuth states, companies, read keys, snapshot generations, sync runs',
    up: `
      -- Secret parts (access and refresh token) only inside the AES-GCM blob; timing is plain so the status page can
      -- read it without the key. key_id tells a row under another SECRET_KEY from a tampered one.
      CREATE TABLE tokens (
        realm_id text PRIMARY KEY,
        key_id text NOT NULL,
        secret bytea NOT NULL,
        token_type text NOT NULL,
        created_at bigint NOT NULL,
        expires_in bigint NOT NULL,
        refresh_expires_in bigint NOT NULL,
        refresh_hard_expires_in bigint,
        updated_at bigint NOT NULL
      );
      CREATE TABLE realm_states (
        realm_id text PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('connected', 'reconnect_required')),
        reason text,
        updated_at bigint NOT NULL
      );
      -- SHA-256 of the state, never the state.
      CREATE TABLE oauth_states (
        state_hash bytea PRIMARY KEY,
        expires_at bigint NOT NULL,
        used_at bigint
      );
      CREATE INDEX oauth_states_expires_at ON oauth_states (expires_at);
      CREATE TABLE companies (
        realm_id text PRIMARY KEY,
        added_at bigint NOT NULL,
        name text
      );
      -- SHA-256 of each key, never the key.
      CREATE TABLE read_keys (
        id text PRIMARY KEY,
        realm_id text NOT NULL,
        hash bytea NOT NULL,
        created_at bigint NOT NULL
      );
      CREATE INDEX read_keys_realm ON read_keys (realm_id);
      -- The head of each company's snapshot: which generation of snapshot_rows is served.
      CREATE TABLE snapshots (
        realm_id text PRIMARY KEY,
        synced_through text NOT NULL,
        updated_at bigint NOT NULL,
        meta text,
        generation bigint NOT NULL
      );
      -- Generations are numbered from one sequence: two replacements never get the same number, whoever asks.
      CREATE SEQUENCE snapshot_generations;
      CREATE TABLE snapshot_rows (
        realm_id text NOT NULL,
        generation bigint NOT NULL,
        entity text NOT NULL,
        id text NOT NULL,
        raw text NOT NULL,
        last_updated text NOT NULL,
        record text,
        record_format text,
        PRIMARY KEY (realm_id, generation, entity, id)
      );
      CREATE TABLE sync_runs (
        id text PRIMARY KEY,
        realm_id text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('full', 'incremental')),
        status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
        started_at text NOT NULL,
        started_ms bigint NOT NULL,
        -- Breaks ties between runs started in the same millisecond: the later insert is newer.
        seq bigserial NOT NULL,
        finished_at text,
        api_calls bigint NOT NULL,
        records bigint NOT NULL,
        deleted bigint NOT NULL,
        error text,
        progress_completed bigint,
        progress_total bigint
      );
      CREATE INDEX sync_runs_started ON sync_runs (started_ms, seq);
      CREATE INDEX sync_runs_realm_started ON sync_runs (realm_id, started_ms, seq);
      CREATE INDEX sync_runs_status ON sync_runs (status);
    `,
  },
  {
    version: 2,
    description: 'leases: one leader per company among the processes sharing the database',
    up: `
      -- expires_at by the database's clock; epoch grows each time another holder takes the lease (fencing number).
      CREATE TABLE leases (
        realm_id text PRIMARY KEY,
        holder text NOT NULL,
        epoch bigint NOT NULL,
        expires_at bigint NOT NULL
      );
    `,
  },
  {
    version: 3,
    description: 'replication: the change log followers replay, the requests followers hand to the leader, shared search images',
    up: `
      -- Each incremental commit gets the next change_seq; a full commit sets it to 0 with its new generation.
      ALTER TABLE snapshots ADD COLUMN change_seq bigint NOT NULL DEFAULT 0;
      CREATE SEQUENCE snapshot_change_seq;
      -- What an incremental commit changed (records as JSON, never tokens), kept for the head's generation only.
      CREATE TABLE snapshot_changes (
        seq bigint PRIMARY KEY,
        realm_id text NOT NULL,
        generation bigint NOT NULL,
        changes text NOT NULL
      );
      CREATE INDEX snapshot_changes_realm ON snapshot_changes (realm_id, seq);
      -- A refresh, webhook or verify a follower received, for the company's leader to run (FOR UPDATE SKIP LOCKED):
      -- a sync is answered with its run's id, a verify with its report (or error) as JSON.
      CREATE TABLE sync_requests (
        id bigserial PRIMARY KEY,
        realm_id text NOT NULL,
        kind text NOT NULL DEFAULT 'sync' CHECK (kind IN ('sync', 'verify')),
        mode text CHECK (mode IN ('full', 'incremental')),
        trigger text NOT NULL,
        requested_by text NOT NULL,
        requested_at bigint NOT NULL,
        taken_by text,
        run_id text,
        result text
      );
      CREATE INDEX sync_requests_open ON sync_requests (realm_id, id) WHERE taken_by IS NULL;
      -- Search images shared by the replicas (pg-images.ts): the newest generation's, in chunks of lines; the head
      -- row points at the complete version.
      CREATE SEQUENCE search_image_versions;
      CREATE TABLE search_images (
        realm_id text NOT NULL,
        index_name text NOT NULL,
        generation bigint NOT NULL,
        version bigint NOT NULL,
        chunks integer NOT NULL,
        PRIMARY KEY (realm_id, index_name)
      );
      CREATE TABLE search_image_chunks (
        realm_id text NOT NULL,
        index_name text NOT NULL,
        version bigint NOT NULL,
        seq integer NOT NULL,
        lines text NOT NULL,
        PRIMARY KEY (realm_id, index_name, version, seq)
      );
    `,
  },
];

const VERSION_TABLE = 'qbo_cache_schema';
/** Any constant: the advisory lock that makes replicas starting together migrate one after another. */
const MIGRATION_LOCK = 7_263_340_001;

/**
 * Brings the schema up to the newest known version in one transaction, under an advisory lock, so two replicas
 * starting at once cannot both migrate, and a failing migration changes nothing. A database written by a newer
 * build is refused, naming `where` (the URL without its password).
 */
export async function migratePostgres(pool: pg.Pool, where: string, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<{ from: number; to: number }> {
  const known = migrations.length;
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} (version integer NOT NULL)`);
    const found = await client.query<{ version: number }>(`SELECT version FROM ${VERSION_TABLE}`);
    const from = found.rows[0]?.version ?? 0;
    if (from > known) throw new StoreSchemaTooNewError(where, from, known);
    for (const migration of migrations.slice(from)) await client.query(migration.up);
    if (found.rows.length === 0) await client.query(`INSERT INTO ${VERSION_TABLE} (version) VALUES ($1)`, [known]);
    else if (from !== known) await client.query(`UPDATE ${VERSION_TABLE} SET version = $1`, [known]);
    return { from, to: known };
  });
}
