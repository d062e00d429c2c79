import type { JsonObject } from '../json';
import type { Random } from '../random';
import {
  asciiSlug, CITIES, CJK_COMPANIES, COMPANY_SUFFIXES, FIRST_NAMES, LAST_NAMES, OWNER_NOUNS, PLACE_WORDS, TRADES,
} from './name-pools';

/**
 * DisplayName is unique across customers, vendors and employees (docs/quickbooks.md#entities). A taken name gets a
 * number, as people do in QuickBooks ("José Müller 2"). Compared as written: the word lists never yield names that
 * differ only by case, and lower-casing 150,000 names was the generator's hottest spot.
 */
export interface NameRegistry {
  claim(name: string): string;
}

export function createNameRegistry(): NameRegistry {
  const taken = new Set<string>();
  const nextSuffix = new Map<string, number>();
  return {
    claim(name) {
      let candidate = name;
      let n = nextSuffix.get(name) ?? 2;
      while (taken.has(candidate)) candidate = `${name} ${n++}`;
      nextSuffix.set(name, n);
      taken.add(candidate);
      return candidate;
    },
  };
}

export interface PersonName {
  readonly given: string;
  readonly middle?: string;
  readonly family: string;
}

export function randomPerson(random: Random): PersonName {
  const given = random.pick(FIRST_NAMES);
  const family = random.pick(LAST_NAMES);
  return random.chance(0.3) ? { given, middle: `${String.fromCharCode(65 + random.int(0, 25))}.`, family } : { given, family };
}

export const personDisplayName = (p: PersonName): string => [p.given, p.middle, p.family].filter(Boolean).join(' ');

/** Company names in the shapes real books hold: "O'Brien & Sons", "Amy's Bird Sanctuary", "Blue Ridge Landscaping LLC". */
export function randomCompany(random: Random): string {
  const roll = random.next();
  if (roll < 0.01) return random.pick(CJK_COMPANIES);
  if (roll < 0.12) return `${random.pick(LAST_NAMES)} & Sons`;
  if (roll < 0.22) return `${random.pick(FIRST_NAMES)}'s ${random.pick(OWNER_NOUNS)}`;
  if (roll < 0.32) return `${random.pick(LAST_NAMES)} & ${random.pick(LAST_NAMES)}`;
  if (roll < 0.62) return `${random.pick(PLACE_WORDS)} ${random.pick(TRADES)} ${random.pick(COMPANY_SUFFIXES)}`;
  if (roll < 0.82) return `${random.pick(LAST_NAMES)} ${random.pick(TRADES)}`;
  return `${random.pick(PLACE_WORDS)} ${random.pick(TRADES)}`;
}

function usPhone(random: Random): string {
  return `(${random.int(201, 989)}) 555-${String(random.int(0, 9999)).padStart(4, '0')}`;
}

function internationalPhone(random: Random): string {
  const prefix = random.pick(['+49 30', '+45', '+47', '+48 22', '+34 91', '+33 1', '+81 3', '+86 10']);
  return `${prefix} ${random.int(100, 999)} ${random.int(1000, 9999)}`;
}

/** DisplayName, the person's names and CompanyName, in QBO's property order, each only when it has a value. */
export function addPartyNames(fields: JsonObject, displayName: string, person: PersonName | undefined, company: string | undefined): void {
  fields.DisplayName = displayName;
  if (person) {
    fields.GivenName = person.given;
    if (person.middle) fields.MiddleName = person.middle;
    fields.FamilyName = person.family;
  }
  if (company) fields.CompanyName = company;
}

/** Email, phone and address, each present only sometimes: QBO omits properties without a value (docs/quickbooks.md#entities). */
export function addContact(fields: JsonObject, random: Random, person: PersonName | undefined, company: string | undefined): void {
  if (random.chance(0.8)) {
    const address = person
      ? `${asciiSlug(person.given)}.${asciiSlug(person.family)}${random.chance(0.3) ? random.int(1, 99) : ''}@example.com`
      : `${random.pick(['info', 'accounts', 'billing', 'office'])}@${asciiSlug(company ?? 'company', '-') || 'company'}.example.com`;
    fields.PrimaryEmailAddr = { Address: address };
  }
  if (random.chance(0.75)) fields.PrimaryPhone = { FreeFormNumber: random.chance(0.8) ? usPhone(random) : internationalPhone(random) };
  if (random.chance(0.4)) {
    const [city, state, zip] = random.pick(CITIES);
    fields.BillAddr = { Line1: `${random.int(1, 9999)} ${random.pick(['Main St.', 'Finch St.', 'Harbor Blvd', 'Elm Avenue'])}`, City: city, CountrySubDivisionCode: state, PostalCode: zip };
  }
}

/** Balances: most parties owe nothing; the rest carry an amount in cents. */
export function randomBalance(random: Random): number {
  return random.chance(0.6) ? 0 : Math.round(random.next() * random.pick([500, 5_000, 50_000]) * 100) / 100;
}
