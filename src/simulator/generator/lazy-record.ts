import type { JsonObject } from '../json';
import type { StoredRecord } from '../records';

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
