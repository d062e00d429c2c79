import type { JsonObject } from '../json';
import { createRandom } from '../random';
import type { StoredRecord } from '../records';
import { randomTimes } from './record-base';

/**
 * A generated record whose JSON is rebuilt from its seed on every read instead of being held in memory: each record
 * draws from its own random stream (seed, entity, Id), so the rebuild is identical every time. 200,000 invoices
 * then cost a few megabytes, and a full sync's JSON becomes garbage as soon as the page is sent.
 * A changed record is replaced by an ordinary stored one (company-store), so laziness never leaks into writes.
 */
export class LazyRecord implements StoredRecord {
  readonly id: string;

  constructor(
    readonly idNum: number,
    readonly createdMs: number,
    readonly updatedMs: number,
    private readonly build: (idNum: number) => JsonObject,
  ) {
    this.id = String(idNum);
  }

  get json(): JsonObject {
    return this.build(this.idNum);
  }
}

/** Where a generated entity's records draw from: the company's seed, the entity's stream, the company's clock. */
export interface LazyStream {
  readonly seed: number;
  readonly stream: number;
  readonly anchorMs: number;
}

/** Records `firstId`..`lastId` as LazyRecords: only their times are drawn now, `build` makes the JSON on each read. */
export function lazyRecords(firstId: number, lastId: number, ctx: LazyStream, build: (idNum: number) => JsonObject): StoredRecord[] {
  const records: StoredRecord[] = [];
  for (let idNum = firstId; idNum <= lastId; idNum++) {
    const times = randomTimes(createRandom(ctx.seed, ctx.stream, idNum), ctx.anchorMs);
    records.push(new LazyRecord(idNum, times.createdMs, times.updatedMs, build));
  }
  return records;
}
