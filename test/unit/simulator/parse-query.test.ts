import { parseQuery } from '../../../src/simulator/query/parse-query';
import { QueryError } from '../../../src/simulator/query/query-error';

function failure(text: string): QueryError {
  try {
    parseQuery(text);
  } catch (error) {
    if (error instanceof QueryError) return error;
    throw error;
  }
  throw new Error(`expected "${text}" to fail`);
}

describe('QBO query parser', () => {
  it('when node-quickbooks sends its lowercase paging query, then every clause is read', () => {
    expect(parseQuery('select * from customer where Active IN (true,false) orderby Id asc startposition 1001 maxresults 1000')).toEqual({
      count: false,
      entity: 'customer',
      where: [{ property: 'Active', operator: 'IN', values: [{ kind: 'boolean', value: true }, { kind: 'boolean', value: false }] }],
      orderBy: [{ property: 'Id', descending: false }],
      startPosition: 1001,
      maxResults: 1000,
    });
  });

  it('when keywords come in any case and ORDER BY is written in two words, then they are still keywords', () => {
    const query = parseQuery('SeLeCt COUNT(*) FrOm Invoice WhErE TotalAmt >= 10.5 AnD DocNumber < \'2000\' ORDER BY TxnDate DESC, Id');
    expect(query).toMatchObject({
      count: true,
      entity: 'Invoice',
      where: [
        { property: 'TotalAmt', operator: '>=', values: [{ kind: 'number', value: 10.5 }] },
        { property: 'DocNumber', operator: '<', values: [{ kind: 'string', value: '2000' }] },
      ],
      orderBy: [{ property: 'TxnDate', descending: true }, { property: 'Id', descending: false }],
    });
  });

  it('when a string has \\\' and \\\\ escapes, then the value holds the apostrophe and the backslash', () => {
    const query = parseQuery("SELECT * FROM Customer WHERE DisplayName = 'O\\'Brien & Sons' AND CompanyName = 'back\\\\slash'");
    expect(query.where.map((c) => c.values[0]?.value)).toEqual(["O'Brien & Sons", 'back\\slash']);
  });

  it('when IN, LIKE and dotted properties are used, then they are parsed with their literals', () => {
    const query = parseQuery("SELECT * FROM Customer WHERE Id IN ('1', 2) AND DisplayName LIKE '%Mül%' AND MetaData.LastUpdatedTime > '2025-01-01T00:00:00-08:00' AND PrimaryEmailAddr = 'a@b.c'");
    expect(query.where).toEqual([
      { property: 'Id', operator: 'IN', values: [{ kind: 'string', value: '1' }, { kind: 'number', value: 2 }] },
      { property: 'DisplayName', operator: 'LIKE', values: [{ kind: 'string', value: '%Mül%' }] },
      { property: 'MetaData.LastUpdatedTime', operator: '>', values: [{ kind: 'string', value: '2025-01-01T00:00:00-08:00' }] },
      { property: 'PrimaryEmailAddr', operator: '=', values: [{ kind: 'string', value: 'a@b.c' }] },
    ]);
  });

  it('when non-ASCII text sits inside a string literal, then it is accepted', () => {
    expect(parseQuery("select * from Customer where DisplayName = '山田商事'").where[0]?.values[0]?.value).toBe('山田商事');
  });

  it.each([
    ["SELECT * FROM Customer WHERE DisplayName = 'a' OR DisplayName = 'b'", /^QueryParserError: Encountered " <OR> "OR "" at line 1, column 48\./],
    ['SELECT Id, DisplayName FROM Customer', /^QueryParserError: Encountered " <IDENTIFIER> "Id "" at line 1, column 8\./],
    ['SELECT * FROM Customer GROUP BY Active', /Encountered " <GROUP> "GROUP ""/],
    ['SELECT * FROM Customer JOIN Invoice', /Encountered " <JOIN> "JOIN ""/],
    ['SELECT * Customer', /Encountered " <IDENTIFIER> "Customer ""/],
    ['SELECT * FROM Customer WHERE Active != true', /Encountered " "!=" "!= ""/],
    ['SELECT * FROM Customer MAXRESULTS ten', /Was expecting one of:\n {4}<INTEGER> \.\.\./],
    ['SELECT * FROM Customer orderby Id asc orderby DisplayName desc', /Encountered " <ORDERBY> "orderby ""/],
    ["SELECT * FROM Customer WHERE DisplayName = 'unterminated", /^QueryParserError: Invalid content\. Lexical error at line 1, column 57\.\s+Encountered: <EOF> after : "'unterminated"$/],
    ['SELECT * FROM Customer WHERE DisplayName = ’Amy’', /^QueryParserError: Invalid content\. Lexical error at line 1, column 44\.\s+Encountered: "’" \(8217\),/],
    ['select * from customer where DisplayName %3D %27x%27', /Lexical error at line 1, column 42\.\s+Encountered: "%" \(37\)/],
    ['', /Encountered "<EOF>" at line 1, column 1\./],
  ])('when the query is %j, then it is a parse error', (text, detail) => {
    const error = failure(text);
    expect(error.kind).toBe('parse');
    expect(error.detail).toMatch(detail);
  });
});
