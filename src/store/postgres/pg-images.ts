/**
 * Search images shared through PostgreSQL (README "Several replicas"). Each replica keeps its images as files in its
 * DATA_DIR (../image-files.ts); a replica with none there (a new one, a replaced disk) imports the database's copy
 * instead of building its indexes, which is what makes it ready in a fraction of a full sync. The first image of a
 * generation, or of a newer one, is uploaded by whichever replica wrote it first; the others skip the upload. An
 * image is written in chunks under a version of its own, then the head row points at it in one transaction, so a
 * reader sees a complete image or none; an import checks every record anyway (search/image-format.ts) and builds
 * the index when the image does not fit.
 */
import type { Queryable } from './pg-connection';

/** Lines per chunk row: about 1 MB of index image. */
const CHUNK_CHARS = 1 << 20;
/** Chunk rows per read. */
const CHUNKS_PER_READ = 8;
/** Whether the head row's version has all its chunks (an upload's clean-up may have cut a concurrent one short). */
const COMPLETE = `((SELECT count(*) FROM search_image_chunks c WHERE c.realm_id = search_images.realm_id
  AND c.index_name = search_images.index_name AND c.version = search_images.version) = search_images.chunks)`;

/**
 * Uploads an image of `generation` unless the database holds one of that generation or a newer one. `lines` is
 * called right before its lines are read (a file's reader loses the lines it emits before anyone listens).
 */
export async function uploadImage(db: Queryable, realmId: string, index: string, generation: number, lines: () => AsyncIterable<string> | Iterable<string>, signal?: AbortSignal): Promise<boolean> {
  // Held and complete: nothing to do. (Incomplete: an upload of a newer generation that another's clean-up cut short.)
  const held = (await db.query<{ generation: number; complete: boolean }>(`SELECT generation, ${COMPLETE} AS complete FROM search_images WHERE realm_id = $1 AND index_name = $2`, [realmId, index])).rows[0];
  if (held !== undefined && held.complete && held.generation >= generation) return false;
  const version = (await db.query<{ v: number }>("SELECT nextval('search_image_versions') AS v")).rows[0]?.v;
  if (version === undefined) throw new Error('PostgreSQL gave no image version');
  let seq = 0;
  let chunk: string[] = [];
  let size = 0;
  const flush = async () => {
    await db.query('INSERT INTO search_image_chunks (realm_id, index_name, version, seq, lines) VALUES ($1, $2, $3, $4, $5)', [realmId, index, version, seq++, chunk.join('\n')]);
    chunk = [];
    size = 0;
  };
  try {
    for await (const line of lines()) {
      signal?.throwIfAborted();
      chunk.push(line);
      size += line.length + 1;
      if (size >= CHUNK_CHARS) await flush();
    }
    if (chunk.length > 0) await flush();
    await db.query('BEGIN');
    // A company disconnected meanwhile gets no image back (the lock order of pg-leases.ts `fenceCheck`).
    if ((await db.query('SELECT 1 FROM companies WHERE realm_id = $1 FOR KEY SHARE', [realmId])).rows.length === 0) {
      throw new Error(`company ${realmId} was disconnected during the upload of its ${index} image`);
    }
    const moved = await db.query(
      `INSERT INTO search_images (realm_id, index_name, generation, version, chunks) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (realm_id, index_name) DO UPDATE SET generation = excluded.generation, version = excluded.version, chunks = excluded.chunks
       WHERE search_images.generation < excluded.generation OR NOT ${COMPLETE}`,
      [realmId, index, generation, version, seq],
    );
    // Older uploads' chunks go (uploads begun after ours are left to finish); ours too when a newer image got in first.
    const kept = (moved.rowCount ?? 0) > 0 ? version : -1;
    await db.query(
      `DELETE FROM search_image_chunks WHERE realm_id = $1 AND index_name = $2 AND version <= $3 AND version <> $4
         AND version <> coalesce((SELECT version FROM search_images WHERE realm_id = $1 AND index_name = $2), -1)`,
      [realmId, index, version, kept],
    );
    await db.query('COMMIT');
    return kept === version;
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    await db.query('DELETE FROM search_image_chunks WHERE realm_id = $1 AND index_name = $2 AND version = $3', [realmId, index, version]).catch(() => undefined);
    throw error;
  }
}

/** The database's image of the index, line by line; throws when there is none or it changed during the read. */
export async function* downloadImage(db: Queryable, realmId: string, index: string): AsyncGenerator<string> {
  const head = (await db.query<{ version: number; chunks: number }>('SELECT version, chunks FROM search_images WHERE realm_id = $1 AND index_name = $2', [realmId, index])).rows[0];
  if (head === undefined) throw new Error(`no shared image of ${index}`);
  for (let from = 0; from < head.chunks; from += CHUNKS_PER_READ) {
    const { rows } = await db.query<{ lines: string }>(
      'SELECT lines FROM search_image_chunks WHERE realm_id = $1 AND index_name = $2 AND version = $3 AND seq >= $4 AND seq < $5 ORDER BY seq',
      [realmId, index, head.version, from, from + CHUNKS_PER_READ],
    );
    if (rows.length !== Math.min(CHUNKS_PER_READ, head.chunks - from)) throw new Error(`the shared image of ${index} was replaced during the read`);
    for (const row of rows) yield* row.lines.split('\n');
  }
}
