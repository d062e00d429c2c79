import { formatChangedSince, parseCdcBody } from '../../../src/qbo/cdc';

describe('formatChangedSince', () => {
  it('when given any Date, then UTC with Z and milliseconds, nothing to URL-encode', () => {
    expect(formatChangedSince(new Date('2025-01-01T05:30:00+05:30'))).toBe('2025-01-01T00:00:00.000Z');
  });

  it('when the date is invalid, then it is refused', () => {
    expect(() => formatChangedSince(new Date('nope'))).toThrow(RangeError);
  });
});

describe('parseCdcBody', () => {
  it('when QBO returns upserts and deletions across entities, then they are split per requested entity', () => {
    const body = {
      CDCResponse: [
        {
          QueryResponse: [
            { Customer: [{ Id: '63', DisplayName: 'A', Active: false }, { Id: '99', DisplayName: 'B' }], startPosition: 1, maxResults: 2 },
            {
              Invoice: [
                { Id: '34', DocNumber: '1001' },
                { domain: 'QBO', status: 'Deleted', Id: '979', MetaData: { LastUpdatedTime: '2015-12-23T12:55:50-08:00' } },
              ],
              startPosition: 1,
              maxResults: 2,
              totalCount: 2,
            },
            { Estimate: [{ Id: '1' }] },
          ],
        },
      ],
      time: '2015-12-23T10:00:01-07:00',
    };
    const result = parseCdcBody(body, ['customers', 'invoices', 'items'] as const);
    expect(result?.changes.customers.upserts.map((c) => c.Id)).toEqual(['63', '99']);
    expect(result?.changes.invoices.upserts.map((c) => c.Id)).toEqual(['34']);
    expect(result?.changes.invoices.deletes).toEqual([{ id: '979', lastUpdated: '2015-12-23T12:55:50-08:00' }]);
    expect(result?.changes.items).toEqual({ upserts: [], deletes: [] });
    expect(result).toMatchObject({ objectCount: 5, capped: false, skipped: 0 });
  });

  it('when nothing changed, then every requested entity is empty', () => {
    const result = parseCdcBody({ CDCResponse: [{ QueryResponse: [{}] }] }, ['vendors'] as const);
    expect(result).toEqual({ changes: { vendors: { upserts: [], deletes: [] } }, objectCount: 0, capped: false, skipped: 0 });
  });

  it('when the response holds 1,000 objects, then it is flagged as capped', () => {
    const Customer = Array.from({ length: 1000 }, (_, i) => ({ Id: String(i + 1) }));
    expect(parseCdcBody({ CDCResponse: [{ QueryResponse: [{ Customer }] }] }, ['customers'] as const)?.capped).toBe(true);
  });

  it('when rows lack an Id, then they are skipped and counted', () => {
    const result = parseCdcBody({ CDCResponse: [{ QueryResponse: [{ Item: [{ Name: 'x' }, null, { Id: '4' }] }] }] }, ['items'] as const);
    expect(result?.changes.items.upserts).toEqual([{ Id: '4' }]);
    expect(result?.skipped).toBe(2);
  });

  it('when the body has no CDCResponse array, then undefined (malformed)', () => {
    expect(parseCdcBody({ QueryResponse: {} }, ['items'] as const)).toBeUndefined();
    expect(parseCdcBody({ CDCResponse: {} }, ['items'] as const)).toBeUndefined();
  });
});
