import type { JsonObject } from './json';

/**
 * One record of the simulated company as held in memory: the QBO JSON exactly as responses carry it, plus the
 * numbers queries and CDC compare on, so a query over 200,000 invoices never re-parses timestamps.
 */
export interface StoredRecord {
  readonly id: string;
  /** Id as a number: QBO Ids are numeric strings and `ORDERBY Id` sorts them as numbers. */
  readonly idNum: number;
  readonly json: JsonObject;
  readonly createdMs: number;
  /** The instant of the last change; MetaData.LastUpdatedTime shows it to the second, in Pacific time. */
  readonly updatedMs: number;
}

/** What CDC reports for a deleted record (docs/quickbooks.md#change-data-capture): only Id, status and MetaData.LastUpdatedTime. */
export interface Tombstone {
  readonly id: string;
  readonly idNum: number;
  readonly deletedMs: number;
  readonly json: JsonObject;
}
