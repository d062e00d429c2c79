import { formatPacific, TIME } from '../qbo-time';
import type { JsonObject } from '../json';
import type { Random } from '../random';
import type { StoredRecord } from '../records';

/** Generated history spans about two years before the anchor (QBO-FACTS §2.2: every record has MetaData). */
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

/** Wraps the entity fields with what every QBO record carries (QBO-FACTS §2.2) and keeps the numbers for queries. */
export function toStoredRecord(idNum: number, fields: JsonObject, times: RecordTimes): StoredRecord {
  const id = String(idNum);
  const json: JsonObject = {
    Id: id,
    SyncToken: '0',
    ...fields,
    MetaData: { CreateTime: formatPacific(times.createdMs), LastUpdatedTime: formatPacific(times.updatedMs) },
    domain: 'QBO',
    sparse: false,
  };
  return { id, idNum, json, createdMs: times.createdMs, updatedMs: times.updatedMs };
}

export const roundMoney = (value: number): number => Math.round(value * 100) / 100;
