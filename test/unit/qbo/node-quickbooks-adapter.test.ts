import { callOnce, countCriteria, pageCriteria, type NqInstance } from '../../../src/qbo/node-quickbooks-adapter';

const qb = {} as NqInstance;

describe('callOnce', () => {
  it('when node-quickbooks calls back twice (its double-callback pitfall), then only the first settles', async () => {
    const result = await callOnce(qb, (_qb, cb) => {
      cb(null, { first: true });
      cb(new Error('second call'), undefined);
    });
    expect(result).toEqual({ err: null, data: { first: true } });
  });

  it('when the call throws synchronously, then the error is returned, not thrown', async () => {
    const result = await callOnce(qb, () => {
      throw new Error('sync');
    });
    expect((result.err as Error).message).toBe('sync');
  });
});

describe('criteria', () => {
  it('when paging a name list, then Active IN (true,false), ORDERBY Id and explicit STARTPOSITION/MAXRESULTS', () => {
    expect(pageCriteria(true, 1001, 1000)).toEqual({ Active: [true, false], asc: 'Id', offset: 1001, limit: 1000 });
    expect(pageCriteria(false, 1, 1000)).toEqual({ asc: 'Id', offset: 1, limit: 1000 });
  });

  it('when counting, then the object form with count first', () => {
    expect(countCriteria(true)).toEqual({ count: true, Active: [true, false] });
    expect(countCriteria(false)).toEqual({ count: true });
  });
});
