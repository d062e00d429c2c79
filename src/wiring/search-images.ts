import type { Logger } from 'pino';
import type { ImageSource, SearchIndexes } from '../search';
import type { Store } from '../store';

export interface SearchImages {
  /** The realm's images, for a warm start. */
  source(realmId: string): ImageSource;
  /** Writes the images of freshly built indexes in the background; a newer write cancels an older one. */
  save(realmId: string, indexes: SearchIndexes): void;
  /** Cancels a write in progress (shutdown). */
  close(): void;
}

/**
 * Keeps each realm's search images (search/image-format.ts) in the store after every full build, so the
 * next start imports instead of rebuilding. Best effort: a failed write is logged and costs a rebuild later.
 * `stillHeld` stops a write for a realm that was disconnected meanwhile (its data is being deleted).
 */
export function createSearchImages(store: Store, logger: Logger, stillHeld: (realmId: string) => boolean): SearchImages {
  let current: AbortController | null = null;
  return {
    source: (realmId) => ({ read: (index) => store.readSearchImage(realmId, index) }),
    save(realmId, indexes) {
      current?.abort();
      const controller = new AbortController();
      current = controller;
      const started = Date.now();
      const sink = {
        write: (index: string, lines: AsyncIterable<string>, signal?: AbortSignal) => {
          if (!stillHeld(realmId)) controller.abort(new Error('the company was disconnected'));
          controller.signal.throwIfAborted();
          return store.writeSearchImage(realmId, index, lines, signal);
        },
      };
      indexes
        .writeImages(sink, { signal: controller.signal })
        .then(() => logger.info({ realmId, duration_ms: Date.now() - started }, 'search images written'))
        .catch((err: unknown) => {
          if (!controller.signal.aborted) logger.warn({ err, realmId }, 'search images not written; the next start builds the indexes');
        })
        .finally(() => {
          if (current === controller) current = null;
        });
    },
    close() {
      current?.abort();
      current = null;
    },
  };
}
