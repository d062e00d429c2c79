/**
 * Per slot, the values an index's filters test (filters.ts), read from each record once, when it is placed (build,
 * image import, delta), and kept as small integers in arrays beside the entries. Finding what a filter keeps then
 * reads these arrays in slot order instead of loading 200,000 records scattered over the heap: a filter's slot mask
 * takes about a millisecond to build, where testing the records took 90–130 ms (BENCHMARKS.md, search-multi), and a
 * customer's slots are a scan of one array.
 */
import type { FilterFields, SearchFilter } from './filters';

/** No customer, vendor or date. */
const NONE = 0;

export interface FilterColumns<R> {
  /** Appends the values of the record at the next slot; undefined for a slot that holds no record. */
  push(record: R | undefined): void;
  /** The slots whose customer (or vendor) is `id`, ascending (a slot whose record is gone keeps its value). */
  slotsOf(field: 'customerId' | 'vendorId', id: string): number[];
  /** Whether the slot's record passes the filter (tests the columns, not the record). */
  tester(filter: SearchFilter): (slot: number) => boolean;
}

/** `YYYY-MM-DD…` as the number YYYYMMDD, which orders as the date does; NONE for anything else. */
function dayNumber(date: string | undefined): number {
  if (date === undefined || !/^\d{4}-\d{2}-\d{2}/.test(date)) return NONE;
  return Number(date.slice(0, 4)) * 10_000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));
}

/**
 * Customer and vendor ids as small integers. QuickBooks ids are decimal numbers, kept as themselves; any other
 * string gets a negative number of its own.
 */
function createIdNumbers(): { number(id: string | undefined): number; known(id: string): number | undefined } {
  const others = new Map<string, number>();
  const asDecimal = (id: string): number | undefined => {
    const n = Number(id);
    return Number.isInteger(n) && n > 0 && n < 2 ** 30 && String(n) === id ? n : undefined;
  };
  return {
    number(id) {
      if (id === undefined) return NONE;
      const decimal = asDecimal(id);
      if (decimal !== undefined) return decimal;
      let n = others.get(id);
      if (n === undefined) others.set(id, (n = -(others.size + 1)));
      return n;
    },
    known: (id) => asDecimal(id) ?? others.get(id),
  };
}

export function createFilterColumns<R>(fields: FilterFields<R> | undefined): FilterColumns<R> {
  const ids = createIdNumbers();
  const customer: number[] = [];
  const vendor: number[] = [];
  const open: number[] = [];
  const day: number[] = [];
  const column = (field: 'customerId' | 'vendorId') => (field === 'customerId' ? customer : vendor);
  return {
    push(record) {
      if (fields === undefined) return;
      if (fields.customerId) customer.push(record === undefined ? NONE : ids.number(fields.customerId(record)));
      if (fields.vendorId) vendor.push(record === undefined ? NONE : ids.number(fields.vendorId(record)));
      if (fields.open) open.push(record !== undefined && fields.open(record) ? 1 : 0);
      if (fields.txnDate) day.push(record === undefined ? NONE : dayNumber(fields.txnDate(record)));
    },
    slotsOf(field, id) {
      const values = column(field);
      const wanted = ids.known(id);
      const found: number[] = [];
      if (wanted === undefined) return found;
      for (let slot = 0; slot < values.length; slot++) if (values[slot] === wanted) found.push(slot);
      return found;
    },
    tester(filter) {
      // A filter the index does not take keeps nothing: the HTTP layer refuses it before it gets here.
      const tests: Array<(slot: number) => boolean> = [];
      const { customerId, vendorId, from, to } = filter;
      if (customerId !== undefined) {
        const wanted = fields?.customerId ? ids.known(customerId) : undefined;
        tests.push((slot) => wanted !== undefined && customer[slot] === wanted);
      }
      if (vendorId !== undefined) {
        const wanted = fields?.vendorId ? ids.known(vendorId) : undefined;
        tests.push((slot) => wanted !== undefined && vendor[slot] === wanted);
      }
      if (filter.open === true) tests.push(fields?.open ? (slot) => open[slot] === 1 : () => false);
      // A record without a date is outside any bound.
      const dated = fields?.txnDate !== undefined;
      if (from !== undefined) {
        const bound = dayNumber(from);
        tests.push((slot) => dated && (day[slot] as number) !== NONE && (day[slot] as number) >= bound);
      }
      if (to !== undefined) {
        const bound = dayNumber(to);
        tests.push((slot) => dated && (day[slot] as number) !== NONE && (day[slot] as number) <= bound);
      }
      return (slot) => tests.every((test) => test(slot));
    },
  };
}
