import type { CompanyStore } from '../company-store';
import { canonicalEntityName, isSimEntity } from '../entities';
import type { JsonObject } from '../json';
import { parseQboTimestamp, TIME } from '../qbo-time';
import { faultBodies } from '../http/fault-bodies';

/** 30-day look-back, at most 1000 objects per response across all entities (docs/quickbooks.md#change-data-capture). */
export const CDC_MAX_DAYS = 30;
export const CDC_MAX_OBJECTS = 1000;
const NOT_SUPPORTED = new Set(['JournalCode', 'TaxAgency', 'TimeActivity', 'TaxCode', 'TaxRate']);

export type CdcResult = { readonly status: 200 | 400; readonly body: JsonObject };

/**
 * `GET /cdc?entities=…&changedSince=…`. Changed records come with their full payload (inactive name-list
 * records included), deleted ones as `{domain, status: "Deleted", Id, MetaData.LastUpdatedTime}`. Order: entities as
 * requested, within each by last update, deletions after the others. At the 1000-object cap the response holds the
 * first 1000 in that order and silently leaves out the rest, with no paging token — the client must narrow the window.
 * A `+` in the offset that arrived as a space is read as `+` (lenient; an unencoded `+` is a known client mistake).
 */
export function changeDataCapture(store: CompanyStore, entitiesParam: unknown, changedSinceParam: unknown, nowMs: number): CdcResult {
  const fail = (detail: string): CdcResult => ({ status: 400, body: faultBodies.invalidRequest(detail, nowMs) });
  if (typeof entitiesParam !== 'string' || entitiesParam.trim() === '') return fail('Required parameter entities is missing in the request');
  if (typeof changedSinceParam !== 'string' || changedSinceParam.trim() === '') return fail('Required parameter changedSince is missing in the request');
  const since = parseQboTimestamp(changedSinceParam);
  if (since === undefined) return fail(`Invalid changedSince date: ${changedSinceParam}`);
  if (since < nowMs - CDC_MAX_DAYS * TIME.DAY) {
    return { status: 400, body: faultBodies.invalidRequest(`Operation cdc with changedSince date ${changedSinceParam} which is older than fixed days is not supported.`, nowMs) };
  }
  const entities: string[] = [];
  for (const raw of entitiesParam.split(',').map((name) => name.trim()).filter(Boolean)) {
    const name = canonicalEntityName(raw);
    if (!name || NOT_SUPPORTED.has(name)) return fail(`Entity ${raw} is not supported by cdc`);
    if (!entities.includes(name)) entities.push(name);
  }

  let budget = CDC_MAX_OBJECTS;
  const responses: JsonObject[] = [];
  for (const entity of entities) {
    if (!isSimEntity(entity) || budget === 0) continue;
    const changed = [...store.records(entity)]
      .filter((record) => record.updatedMs >= since)
      .sort((a, b) => a.updatedMs - b.updatedMs || a.idNum - b.idNum);
    const deleted = [...store.tombstones(entity)]
      .filter((tombstone) => tombstone.deletedMs >= since)
      .sort((a, b) => a.deletedMs - b.deletedMs || a.idNum - b.idNum);
    const objects = [...changed.map((record) => record.json), ...deleted.map((tombstone) => tombstone.json)].slice(0, budget);
    if (objects.length === 0) continue;
    budget -= objects.length;
    responses.push({ [entity]: objects, startPosition: 1, maxResults: objects.length });
  }
  return { status: 200, body: { CDCResponse: [{ QueryResponse: responses.length > 0 ? responses : [{}] }] } };
}
