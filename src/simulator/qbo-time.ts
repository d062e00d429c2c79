/**
 * QuickBooks writes timestamps in the company's time zone with an offset (`2015-07-01T10:14:15-07:00`) and reads a
 * timestamp without offset as Pacific time (docs/quickbooks.md#timestamps). The simulated company is in US Pacific
 * time. The calendar arithmetic is done by hand (no Date objects, no Intl) because the generator formats hundreds of
 * thousands of timestamps.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month (1-12), day] of a day number (H. Hinnant's civil_from_days). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** Day number of the first Sunday on or after the given date (1970-01-01 was a Thursday). */
function sundayOnOrAfter(year: number, month: number, day: number): number {
  const days = daysFromCivil(year, month, day);
  return days + ((7 - ((days + 4) % 7)) % 7);
}

/** US rule since 2007: from the second Sunday of March 02:00 PST to the first Sunday of November 02:00 PDT. */
function isPacificDaylightTime(utcMs: number): boolean {
  const [year] = civilFromDays(Math.floor((utcMs - 8 * HOUR) / DAY));
  const start = (sundayOnOrAfter(year, 3, 8) * DAY) + 10 * HOUR;
  const end = (sundayOnOrAfter(year, 11, 1) * DAY) + 9 * HOUR;
  return utcMs >= start && utcMs < end;
}

export function pacificOffsetHours(utcMs: number): -7 | -8 {
  return isPacificDaylightTime(utcMs) ? -7 : -8;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/** `2015-07-01T10:14:15-07:00` (MetaData style) or with milliseconds (the `time` field of responses). */
export function formatPacific(utcMs: number, withMillis = false): string {
  const offset = pacificOffsetHours(utcMs);
  const local = utcMs + offset * HOUR;
  const days = Math.floor(local / DAY);
  const [year, month, day] = civilFromDays(days);
  const msOfDay = local - days * DAY;
  const seconds = Math.floor(msOfDay / 1000);
  const time = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
  const millis = withMillis ? `.${pad3(msOfDay % 1000)}` : '';
  return `${year}-${pad2(month)}-${pad2(day)}T${time}${millis}-0${-offset}:00`;
}

/** `YYYY-MM-DD` of the Pacific calendar day containing the instant (TxnDate, DueDate). */
export function formatPacificDate(utcMs: number): string {
  const [year, month, day] = civilFromDays(Math.floor((utcMs + pacificOffsetHours(utcMs) * HOUR) / DAY));
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+\- ]\d{2}:?\d{2})?$/i;

/**
 * Parses the timestamps QBO accepts in queries and CDC: a date, or a date-time with optional fraction and offset. No
 * offset means Pacific time. A space where the offset sign should be is read as `+`: a raw `+` in a URL
 * (node-quickbooks' `changeDataCapture` sends it unencoded, docs/quickbooks.md#change-data-capture) arrives decoded
 * as a space.
 */
export function parseQboTimestamp(text: string): number | undefined {
  const match = TIMESTAMP.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const days = daysFromCivil(year, month, day);
  if (civilFromDays(days)[2] !== day) return undefined;
  const wall = days * DAY + Number(h) * HOUR + Number(mi) * 60_000 + Number(s) * 1000 + Number(fraction.padEnd(3, '0').slice(0, 3));
  if (zone === undefined) {
    // Wall-clock Pacific time: daylight offset if the instant falls in DST, standard otherwise.
    const standard = wall + 8 * HOUR;
    return isPacificDaylightTime(standard - HOUR) ? wall + 7 * HOUR : standard;
  }
  if (zone.toUpperCase() === 'Z') return wall;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  return wall - sign * minutes * 60_000;
}

export const TIME = { HOUR, DAY } as const;
