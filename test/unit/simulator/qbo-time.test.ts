import { formatPacific, formatPacificDate, parseQboTimestamp } from '../../../src/simulator/qbo-time';

describe('QBO timestamps (Pacific time)', () => {
  it('when an instant falls in daylight or standard time, then it is written with -07:00 or -08:00 like QBO', () => {
    expect(formatPacific(Date.UTC(2015, 6, 1, 17, 14, 15))).toBe('2015-07-01T10:14:15-07:00');
    expect(formatPacific(Date.UTC(2025, 0, 15, 8, 0, 0, 592), true)).toBe('2025-01-15T00:00:00.592-08:00');
    expect(formatPacificDate(Date.UTC(2025, 0, 15, 7, 59))).toBe('2025-01-14');
  });

  it('when the clock crosses the DST switches, then the offset changes at 02:00 local time', () => {
    expect(formatPacific(Date.UTC(2025, 2, 9, 9, 59, 59))).toBe('2025-03-09T01:59:59-08:00');
    expect(formatPacific(Date.UTC(2025, 2, 9, 10, 0, 0))).toBe('2025-03-09T03:00:00-07:00');
    expect(formatPacific(Date.UTC(2025, 10, 2, 8, 59, 59))).toBe('2025-11-02T01:59:59-07:00');
    expect(formatPacific(Date.UTC(2025, 10, 2, 9, 0, 0))).toBe('2025-11-02T01:00:00-08:00');
  });

  it('when a timestamp has an offset or Z, then it is read as that instant', () => {
    expect(parseQboTimestamp('2015-12-23T10:00:00-07:00')).toBe(Date.UTC(2015, 11, 23, 17));
    expect(parseQboTimestamp('2025-01-01T05:30:00+05:30')).toBe(Date.UTC(2025, 0, 1, 0, 0));
    expect(parseQboTimestamp('2025-01-01T05:30:00.250Z')).toBe(Date.UTC(2025, 0, 1, 5, 30, 0, 250));
    expect(parseQboTimestamp('2025-01-01T05:30:00+0530')).toBe(Date.UTC(2025, 0, 1, 0, 0));
  });

  it('when a raw + offset arrived decoded as a space, then it is read as +', () => {
    expect(parseQboTimestamp('2025-01-01T05:30:00 05:30')).toBe(Date.UTC(2025, 0, 1, 0, 0));
  });

  it('when a timestamp or date has no offset, then it is Pacific time, as QBO reads it', () => {
    expect(parseQboTimestamp('2015-03-01')).toBe(Date.UTC(2015, 2, 1, 8));
    expect(parseQboTimestamp('2015-07-01T10:14:15')).toBe(Date.UTC(2015, 6, 1, 17, 14, 15));
  });

  it.each(['yesterday', '2025-13-01', '2025-02-30', '2025-01-01T25:00:00Z', ''])('when the text is %j, then it is not a timestamp', (text) => {
    expect(parseQboTimestamp(text)).toBeUndefined();
  });
});
