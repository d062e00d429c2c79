import type { DataFacts } from '../cache';
import type { EntityName } from '../qbo';
import type { SyncSource } from './types';

export interface VerifyReport {
  readonly ok: boolean;
  readonly checked_at: string;
  /** Every entity the source reads (the enabled ones). */
  readonly entities: Partial<Record<EntityName, { cached: number; remote: number; ok: boolean }>>;
}

/** Cached counts against QBO's COUNT(*), inactive included (`GET /api/cache/verify`, README, HTTP API). */
export async function verifyCounts(source: SyncSource, facts: DataFacts | null, now: Date, signal: AbortSignal): Promise<VerifyReport> {
  const cached = facts?.counts;
  const entities: Record<string, { cached: number; remote: number; ok: boolean }> = {};
  for (const entity of source.entities) {
    const remote = await source.count(entity, { signal });
    const held = cached?.[entity] ?? 0;
    entities[entity] = { cached: held, remote, ok: held === remote };
  }
  return { ok: Object.values(entities).every((entity) => entity.ok), checked_at: now.toISOString(), entities };
}
