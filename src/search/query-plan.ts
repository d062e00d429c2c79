/**
 * One query's plan, shared by the tiers that answer it (query.ts, key-tiers.ts): its words and key, and which
 * records it may return (a view's, a filter's).
 */
import type { CandidateKeys, SlotMask } from './filter-slots';
import type { SlotList } from './posting-lists';
import type { Entry } from './record-entry';

export interface QueryPlan<R> {
  readonly words: readonly string[];
  readonly key: string;
  readonly activeOnly: boolean;
  /** Records of the index asked for (a view holds fewer than the structures it is answered from). */
  readonly includes: ((record: R) => boolean) | undefined;
  /** The slots a filter keeps, tested before a record is read (filter-slots.ts). */
  readonly passes: SlotMask | undefined;
  /** Match inside code-infix fields (SKUs) too. */
  readonly insideCodes: boolean;
  /** Ascending slots that alone may pass the filter (filter-slots.ts): intersected with every walk. */
  readonly candidates: SlotList | undefined;
  /** The key tables of those slots' records, searched instead of the index's own in the key tiers. */
  readonly candidateKeys: CandidateKeys | undefined;
}

/** The candidate slots as one more union to intersect with, when there are any. */
export function narrowed<R>(plan: QueryPlan<R>, unions: SlotList[][]): SlotList[][] {
  return plan.candidates === undefined ? unions : [...unions, [plan.candidates]];
}

/** The filter keeps the slot: asked before the record is read, which costs more than this one byte. */
export function passes<R>(plan: QueryPlan<R>, slot: number): boolean {
  return plan.passes === undefined || plan.passes[slot] === 1;
}

/** The index holds the record (its view may leave it out). */
export function wanted<R>(plan: QueryPlan<R>, entry: Entry<R>): boolean {
  return plan.includes === undefined || plan.includes(entry.record);
}
