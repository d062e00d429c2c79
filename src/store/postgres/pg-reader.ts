/**
 * A data thread's reads of a PostgreSQL store (../store-reader.ts): a connection of its own for each load, ended
 * right after it, so a serving company holds no connection. Search images are files in this replica's DATA_DIR
 * (derived data, checked record by record before use: search/image-format.ts); a replica without one imports the
 * copy the replicas share in the database (pg-images.ts).
 */
import { createImageFiles } from '../image-files';
import type { StoreReader } from '../store-reader';
import type { PostgresLocation } from '../types';
import { connectClient } from './pg-connection';
import { downloadImage, uploadImage } from './pg-images';
import { loadGeneration, loadSnapshot } from './pg-snapshot-rows';

const APPLICATION_NAME = 'qbo-cache data thread';

export function openPostgresReader(location: PostgresLocation): StoreReader {
  const images = createImageFiles(location.dataDir);
  const withClient = async <T>(work: (client: Awaited<ReturnType<typeof connectClient>>) => Promise<T>): Promise<T> => {
    const client = await connectClient(location.url, APPLICATION_NAME);
    // A connection error after connect (the server went away) is reported by the query it fails, not as a crash.
    client.on('error', () => undefined);
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  async function* shared(realmId: string, index: string): AsyncGenerator<string> {
    const client = await connectClient(location.url, APPLICATION_NAME);
    client.on('error', () => undefined);
    try {
      yield* downloadImage(client, realmId, index);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return {
    loadSnapshot: (realmId, options) => withClient((client) => loadSnapshot(client, realmId, options?.rawUnlessFormat)),
    loadGeneration: (target, entities, options) => withClient((client) => loadGeneration(client, target.realmId, target.generation, entities, options?.rawUnlessFormat)),
    readSearchImage: (realmId, index) => images.read(realmId, index) ?? shared(realmId, index),
    async writeSearchImage(realmId, index, lines, signal, generation) {
      await images.write(realmId, index, lines, signal);
      if (generation === undefined) return;
      const written = () => images.read(realmId, index) ?? [];
      await withClient((client) => uploadImage(client, realmId, index, generation, written, signal));
    },
    shrink: () => undefined,
    close: () => undefined,
  };
}
