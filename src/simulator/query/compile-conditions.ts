import type { SimEntity } from '../entities';
import type { JsonObject } from '../json';
import { parseQboTimestamp } from '../qbo-time';
import type { StoredRecord } from '../records';
import type { Condition, Literal } from './parse-query';
import { validationError } from './query-error';
import { findQueryProperty, type PropertyType, type PropertyValue, type QueryProperty } from './query-properties';

export type Predicate = (record: StoredRecord, json: JsonObject | undefined) => boolean;

export interface CompiledWhere {
  readonly test: Predicate;
  /** No condition left: every record matches, so a page can be sliced by position. */
  readonly matchesAll: boolean;
  /** Whether any condition reads the JSON (so lazily generated records must be built to be filtered). */
  readonly needsJson: boolean;
  readonly filtersActive: boolean;
}

export function resolveProperty(entity: SimEntity, name: string): QueryProperty {
  const property = findQueryProperty(entity, name);
  if (!property) throw validationError(`property '${name}' is not queryable`);
  return property;
}

/** A comparable form of a property value: strings compare without regard to case, timestamps to the second. */
export function comparable(type: PropertyType, value: PropertyValue): string | number | boolean | undefined {
  if (value === undefined) return undefined;
  if (type === 'string' && typeof value === 'string') return value.toLowerCase();
  if (type === 'datetime' && typeof value === 'number') return Math.floor(value / 1000);
  return value;
}

function literalFor(property: QueryProperty, literal: Literal): string | number | boolean {
  const bad = () => validationError(`value '${String(literal.value)}' is not valid for property '${property.path}'`);
  switch (property.type) {
    case 'id':
    case 'ref':
      if (literal.kind === 'boolean') throw bad();
      return String(literal.value);
    case 'string':
      if (literal.kind === 'boolean') throw bad();
      return String(literal.value).toLowerCase();
    case 'number': {
      const n = Number(literal.value);
      if (literal.kind === 'boolean' || Number.isNaN(n) || String(literal.value).trim() === '') throw bad();
      return n;
    }
    case 'boolean':
      if (literal.kind === 'boolean') return literal.value;
      if (literal.kind === 'string' && /^(true|false)$/i.test(literal.value)) return literal.value.toLowerCase() === 'true';
      throw bad();
    case 'datetime': {
      const ms = literal.kind === 'string' ? parseQboTimestamp(literal.value) : undefined;
      if (ms === undefined) throw bad();
      return Math.floor(ms / 1000);
    }
    case 'date':
      if (literal.kind !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(literal.value)) throw bad();
      return literal.value.slice(0, 10);
  }
}

/** LIKE with `%` as the only wildcard (docs/quickbooks.md#queries); `_` and everything else match literally. */
function likeMatcher(pattern: string): RegExp {
  const source = pattern.split('%').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*');
  return new RegExp(`^${source}$`, 'i');
}

function compileOne(entity: SimEntity, condition: Condition): { test: Predicate; property: QueryProperty } {
  const property = resolveProperty(entity, condition.property);
  const { operator } = condition;
  if (property.type === 'id' && operator !== '=' && operator !== 'IN') {
    throw validationError(`operator ${operator} is not supported for property 'Id'; use = or IN`);
  }
  const read = (record: StoredRecord, json: JsonObject | undefined) => comparable(property.type, property.get(record, json));
  if (operator === 'LIKE') {
    if (property.type !== 'string') throw validationError(`operator LIKE is not supported for property '${property.path}'`);
    const matcher = likeMatcher(String(condition.values[0]?.value ?? ''));
    return { property, test: (record, json) => { const v = property.get(record, json); return typeof v === 'string' && matcher.test(v); } };
  }
  const values = condition.values.map((literal) => literalFor(property, literal));
  if (operator === 'IN' || operator === '=') {
    const wanted = new Set(values);
    return { property, test: (record, json) => { const v = read(record, json); return v !== undefined && wanted.has(v); } };
  }
  const bound = values[0] as string | number | boolean;
  const compare = {
    '<': (v: string | number | boolean) => v < bound,
    '>': (v: string | number | boolean) => v > bound,
    '<=': (v: string | number | boolean) => v <= bound,
    '>=': (v: string | number | boolean) => v >= bound,
  }[operator];
  return { property, test: (record, json) => { const v = read(record, json); return v !== undefined && compare(v); } };
}

/**
 * Turns the WHERE conditions into one predicate. Name lists get QBO's implicit `Active = true` unless a condition
 * is on Active (docs/quickbooks.md#inactive-records): `SELECT * FROM Customer` "retrieves all active customers".
 */
export function compileWhere(entity: SimEntity, conditions: readonly Condition[], nameList: boolean): CompiledWhere {
  const compiled = conditions.map((condition) => compileOne(entity, condition));
  const filtersActive = compiled.some((c) => c.property.path === 'Active');
  // `Active IN (true,false)` — on every paging query of a name list — holds for every record: skip evaluating it.
  const tests = compiled
    .filter((c, i) => !(c.property.path === 'Active' && conditions[i]?.operator === 'IN' && new Set(conditions[i]?.values.map((v) => String(v.value).toLowerCase())).size === 2))
    .map((c) => c.test);
  if (nameList && !filtersActive) tests.push((_record, json) => json?.Active === true);
  const needsJson = compiled.some((c) => c.property.needsJson) || (nameList && !filtersActive);
  const [only] = tests;
  const test: Predicate = tests.length === 0 ? () => true
    : tests.length === 1 && only ? only
      : (record, json) => { for (const t of tests) if (!t(record, json)) return false; return true; };
  return { test, matchesAll: tests.length === 0, needsJson: needsJson && tests.length > 0, filtersActive };
}
