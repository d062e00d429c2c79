import { countsOf, type Snapshot } from '../cache';
import { ENTITY_NAMES, type EntityName } from '../qbo';
import type { SyncSource } from './types';

export interface VerifyReport {
  readonly ok: boolean;
  readonly checked_at: string;
  readonly entities: Record<EntityName, { cached: number; remote: number; ok: boolean }>;
}

/** Cached counts against QBO's COUNT(*), inactive included (`GET /api/cache/verify`, README, HTTP API). */
export async function verifyCounts(source: SyncSource, snapshot: Snapshot | null, now: Date, signal: AbortSignal): Promise<VerifyReport> {
  const cached = snapshot ? countsOf(snapshot) : { customers: 0, vendors: 0, items: 0, invoices: 0 };
  const entities = {} as VerifyReport['entities'];
  for (const entity of ENTITY_NAMES) {
    const remote = await source.count(entity, { signal });
    entities[entity] = { cached: cached[entity], remote, ok: cached[entity] === remote };
  }
  return { ok: ENTITY_NAMES.every((entity) => entities[entity].ok), checked_at: now.toISOString(), entities };
}
