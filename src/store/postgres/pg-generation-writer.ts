/**
 * The rows of a full sync's generation written from the thread that pulls them, over a connection of its own
 * (../generation-writes.ts for the SQLite file). PostgreSQL's row versions let the serving thread's writes (a token
 * save) run beside these inserts, so no write turn is needed here.
 */
import { StoreWriteAbandonedError } from '../errors';
import type { GenerationWriter, GenerationWriterOptions } from '../generation-writes';
import type { GenerationTarget, PostgresLocation } from '../types';
import { connectClient } from './pg-connection';
import { writeRows } from './pg-snapshot-rows';

export function openPostgresGenerationWriter(location: PostgresLocation, target: GenerationTarget, options: GenerationWriterOptions): GenerationWriter {
  const connecting = connectClient(location.url, 'qbo-cache pull thread').then((client) => {
    client.on('error', () => undefined); // reported by the write it fails
    return client;
  });
  connecting.catch(() => undefined); // reported by the first write
  const checkWanted = () => {
    if (!options.shouldCommit()) throw new StoreWriteAbandonedError();
  };
  return {
    async write(upserts) {
      checkWanted();
      await writeRows(await connecting, target.realmId, target.generation, upserts, checkWanted);
    },
    async close() {
      const client = await connecting.catch(() => undefined);
      await client?.end().catch(() => undefined);
    },
  };
}
