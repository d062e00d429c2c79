import { formatPacific, TIME } from '../qbo-time';
import type { JsonObject } from '../json';
import type { Random } from '../random';
import type { StoredRecord } from '../records';

/** Generated history spans about two years before the anchor (every record has MetaData, docs/quickbooks.md#query-responses). */
export const HISTORY_DAYS = 730;

export interface RecordTimes {
  readonly createdMs: number;
  readonly updatedMs: number;
}

/** Whole seconds, as QBO shows them; 60% of records were never edited after creation. */
export function randomTimes(random: Random, anchorMs: number): RecordTimes {
  const createdMs = anchorMs - Math.floor(random.next() * HISTORY_DAYS * TIME.DAY / 1000) * 1000 - 1000;
  const edited = random.chance(0.4);
  const updatedMs = edited ? createdMs + Math.floor(random.next() * (anchorMs - createdMs) / 1000) * 1000 : createdMs;
  return { createdMs, updatedMs };
}

/** Fixtures: created about 700 days ago, last edited about 400 days ago, one minute apart per Id. */
export function fixtureTimes(anchorMs: number, idNum: number): RecordTimes {
  return { createdMs: anchorMs - 700 * TIME.DAY + idNum * 60_000, updatedMs: anchorMs - 400 * TIME.DAY + idNum * 60_000 };
}

/** A new record body starting with what QBO puts first; generators add their fields in place (no copies). */
export function startRecord(idNum: number): JsonObject {
  return { Id: String(idNum), SyncToken: '0' };
}

/** Adds what every QBO record carries (docs/quickbooks.md#query-responses) and keeps the numbers queries compare on. */
export function finishRecord(idNum: number, json: JsonObject, times: RecordTimes): StoredRecord {
  json.MetaData = { CreateTime: formatPacific(times.createdMs), LastUpdatedTime: formatPacific(times.updatedMs) };
  json.domain = 'QBO';
  json.sparse = false;
  return { id: String(json.Id), idNum, json, createdMs: times.createdMs, updatedMs: times.updatedMs };
}

export function toStoredRecord(idNum: number, fields: JsonObject, times: RecordTimes): StoredRecord {
  return finishRecord(idNum, Object.assign(startRecord(idNum), fields), times);
}

export const roundMoney = (value: number): number => Math.round(value * 100) / 100;
