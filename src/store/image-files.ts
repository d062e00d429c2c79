/**
 * Search images (search/image-format.ts) as files beside the database: `<dataDir>/search-images/<realm>/<index>.jsonl`.
 * Tens of MB of derived data that is rewritten whole after each full build: files written through the
 * thread pool keep that off the event loop and out of SQLite's write lock (token saves never wait on it).
 * A write goes to a temporary file that is fsynced and renamed over the old one, so a crash keeps the
 * old image or the new one, never half of one. Losing an image costs only a rebuild.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { StoreInvalidArgumentError } from './errors';

const IMAGES_DIR = 'search-images';
const SAFE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export interface ImageFiles {
  /** The image's lines, or null when there is none. */
  read(realmId: string, index: string): AsyncIterable<string> | null;
  write(realmId: string, index: string, lines: AsyncIterable<string>, signal?: AbortSignal): Promise<void>;
  deleteRealm(realmId: string): Promise<void>;
}

export function createImageFiles(dataDir: string): ImageFiles {
  const realmDir = (realmId: string): string => path.join(dataDir, IMAGES_DIR, safe(realmId));
  const fileOf = (realmId: string, index: string): string => path.join(realmDir(realmId), `${safe(index)}.jsonl`);
  // Bumped when a realm's images are deleted: a write that began before never lands afterwards.
  const deletions = new Map<string, number>();

  return {
    read(realmId, index) {
      const file = fileOf(realmId, index);
      if (!existsSync(file)) return null;
      return createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    },
    async write(realmId, index, lines, signal) {
      const file = fileOf(realmId, index);
      const epoch = deletions.get(realmId) ?? 0;
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await removeLeftovers(file);
      const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      const handle = await open(temporary, 'w', 0o600);
      let renamed = false;
      try {
        for await (const line of lines) {
          signal?.throwIfAborted();
          await handle.write(`${line}\n`);
        }
        await handle.sync();
        await handle.close();
        if ((deletions.get(realmId) ?? 0) !== epoch) throw new Error('the company\'s data was deleted during the write');
        await rename(temporary, file);
        renamed = true;
      } finally {
        if (!renamed) {
          await handle.close().catch(() => undefined);
          await rm(temporary, { force: true });
        }
      }
    },
    async deleteRealm(realmId) {
      deletions.set(realmId, (deletions.get(realmId) ?? 0) + 1);
      // Retried: a write in progress may be creating its temporary file in that folder right now (ENOTEMPTY).
      await rm(realmDir(realmId), { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
    },
  };
}

/** Temporary files of a write cut short by a kill (one process owns the data dir, so none is in use). */
async function removeLeftovers(file: string): Promise<void> {
  const prefix = `${path.basename(file)}.`;
  for (const name of await readdir(path.dirname(file))) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) await rm(path.join(path.dirname(file), name), { force: true });
  }
}

/** Realm ids and index names become path segments: only plain names, never `..` or a separator. */
function safe(name: string): string {
  if (!SAFE_NAME.test(name)) throw new StoreInvalidArgumentError(`not a safe file name: ${JSON.stringify(name)}`);
  return name;
}
