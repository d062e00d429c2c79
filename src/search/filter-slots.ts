/**
 * What a filter keeps, per slot, built on first use and kept until the index changes:
 *
 * - The slots per value of a filter field (customer or vendor id). A search filtered on one customer then walks the
 *   intersection of its words' posting lists with that customer's few slots (posting-lists.ts drives with the
 *   smallest list), and finds its exact and field-prefix matches in key tables of that customer's records alone,
 *   instead of every match of the query: a customer with 3 invoices costs what its 3 invoices cost, not what 200,000
 *   do.
 * - A mask of the slots that pass the whole filter (`passingSlots`), one per distinct filter. A walk tests a slot
 *   against it before it reads the record, so a record the filter drops costs one byte read, not a record's load and
 *   the filter's tests: `open=true` or a date range cost about what the unfiltered search costs.
 */
import { filterKey, type FilterFields, type SearchFilter } from './filters';
import type { IndexState } from './index-state';
import { sortedKeyTable, type KeyTable } from './key-table';
import type { SlotList } from './posting-lists';
import type { Entry, IndexedRecord } from './record-entry';

/** The primary-field and other-field keys of some records, shaped like an index's own key tables (index-state.ts). */
export interface CandidateKeys {
  readonly names: KeyTable;
  readonly others: KeyTable;
}

/** The records a filter may keep: their ascending slots, and their key tables when there are few enough of them. */
export interface Candidates {
  readonly slots: SlotList;
  /** Built on first call and kept with the slots; undefined above CANDIDATE_KEYS_LIMIT records. */
  keys(): CandidateKeys | undefined;
}

/**
 * Above this many records, a value's key tables cost more to build on the first keystroke (sorting four keys a record)
 * than scanning the index's own tables saves; such a filter keeps most of an index anyway.
 */
const CANDIDATE_KEYS_LIMIT = 20_000;

interface Found {
  readonly slots: SlotList;
  keys?: CandidateKeys;
}

/**
 * Customers (or vendors) whose slots an index keeps: a box filtered on one customer asks with the same one on every
 * keystroke; the oldest goes first.
 */
const VALUES_KEPT = 64;

/** What `slotsWith` found per field and value. */
const kept = new WeakMap<object, Map<string, Found>>();

function keyTablesOf<R extends IndexedRecord>(state: IndexState<R>, slots: SlotList): CandidateKeys {
  const names: Array<[string, number]> = [];
  const others: Array<[string, number]> = [];
  for (const slot of slots) {
    const { keys, nameKeyCount } = state.entries[slot] as Entry<R>;
    keys.forEach((key, k) => (k < nameKeyCount ? names : others).push([key, slot]));
  }
  return { names: sortedKeyTable(names), others: sortedKeyTable(others) };
}

/** The live records whose customer (or vendor) is `value`: a scan of that filter column (filter-columns.ts). */
export function slotsWith<R extends IndexedRecord>(state: IndexState<R>, field: 'customerId' | 'vendorId', value: string): Candidates {
  let byValue = kept.get(state);
  if (byValue === undefined) kept.set(state, (byValue = new Map()));
  const name = `${field}:${value}`;
  const found = byValue.get(name) ?? { slots: state.columns.slotsOf(field, value).filter((slot) => state.entries[slot] !== undefined) };
  if (!byValue.has(name)) {
    if (byValue.size >= VALUES_KEPT) byValue.delete(byValue.keys().next().value as string);
    byValue.set(name, found);
  }
  return {
    slots: found.slots,
    keys() {
      if (found.slots.length > CANDIDATE_KEYS_LIMIT) return undefined;
      return (found.keys ??= keyTablesOf(state, found.slots));
    },
  };
}

/** 1 at each slot whose record passes the filter. */
export type SlotMask = Uint8Array;

/** What a filtered search walks with (query.ts). */
export interface FilterSlots {
  /** The slots that pass the filter. */
  readonly passes: SlotMask;
  /** When a customer or vendor id limits the records, the only slots that can pass. */
  readonly candidates: Candidates | undefined;
}

/**
 * Distinct filters whose masks an index keeps (200 KB each at 200,000 records): a typeahead box sends the same filter
 * on every keystroke, so a few are plenty; the oldest goes first.
 */
const MASKS_KEPT = 8;

const masks = new WeakMap<object, Map<string, SlotMask>>();

/**
 * The mask of the live slots that pass `filter`, tested on the filter columns (filter-columns.ts): over `candidates`
 * only when the filter can keep no other slot, else over every slot (about 1 ms at 200,000).
 */
export function passingSlots<R extends IndexedRecord>(state: IndexState<R>, filter: SearchFilter, candidates: SlotList | undefined): SlotMask {
  let byFilter = masks.get(state);
  if (byFilter === undefined) masks.set(state, (byFilter = new Map()));
  const key = filterKey(filter);
  const known = byFilter.get(key);
  if (known !== undefined) return known;
  const { entries } = state;
  const mask = new Uint8Array(entries.length);
  const passes = state.columns.tester(filter);
  if (candidates !== undefined) {
    for (const slot of candidates) if (passes(slot)) mask[slot] = 1;
  } else {
    for (let slot = 0; slot < entries.length; slot++) if (entries[slot] !== undefined && passes(slot)) mask[slot] = 1;
  }
  if (byFilter.size >= MASKS_KEPT) byFilter.delete(byFilter.keys().next().value as string);
  byFilter.set(key, mask);
  return mask;
}

/** Drops what `slotsWith` and `passingSlots` kept for this index: called whenever its records change. */
export function forgetSlots(state: object): void {
  kept.delete(state);
  masks.delete(state);
}

/** What a filtered search walks with (filter-slots.ts); undefined when nothing is filtered. */
export function filterSlots<R extends IndexedRecord>(state: IndexState<R>, fields: FilterFields<R> | undefined, filter: SearchFilter | undefined): FilterSlots | undefined {
  if (filter === undefined || !Object.values(filter).some((value) => value !== undefined && value !== false)) return undefined;
  // An index without filters (a view answered from another's structures) keeps nothing for one: the HTTP layer
  // refuses such a filter before it gets here.
  if (fields === undefined) return { passes: new Uint8Array(0), candidates: undefined };
  // The only slots a customer or vendor filter can keep, when the index has that field.
  const { customerId, vendorId } = filter;
  const candidates =
    customerId !== undefined && fields.customerId !== undefined
      ? slotsWith(state, 'customerId', customerId)
      : vendorId !== undefined && fields.vendorId !== undefined
        ? slotsWith(state, 'vendorId', vendorId)
        : undefined;
  return { passes: passingSlots(state, filter, candidates?.slots), candidates };
}
