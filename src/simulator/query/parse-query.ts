import { parseError, type QueryError } from './query-error';
import { tokenizeQuery, type Token } from './tokenize-query';

export type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean };

export type Operator = '=' | '<' | '>' | '<=' | '>=' | 'IN' | 'LIKE';

export interface Condition {
  readonly property: string;
  readonly operator: Operator;
  readonly values: readonly Literal[];
}

export interface SortKey {
  readonly property: string;
  readonly descending: boolean;
}

export interface ParsedQuery {
  readonly count: boolean;
  readonly entity: string;
  readonly where: readonly Condition[];
  readonly orderBy: readonly SortKey[];
  readonly startPosition?: number;
  readonly maxResults?: number;
}

/** Reserved words of QBO's grammar; `or`, `not`, `join`, `group` are known to its parser but never allowed here. */
const KEYWORDS = new Set([
  'select', 'from', 'where', 'and', 'in', 'like', 'orderby', 'order', 'by', 'asc', 'desc', 'startposition', 'maxresults',
  'count', 'or', 'not', 'join', 'group', 'having', 'iterator',
]);

function label(token: Token): string {
  if (token.kind === 'eof') return '"<EOF>"';
  const word = token.text.toLowerCase();
  const kind =
    token.kind === 'word' ? (KEYWORDS.has(word) ? `<${word.toUpperCase()}>` : '<IDENTIFIER>')
      : token.kind === 'string' ? '<STRING>' : token.kind === 'number' ? '<INTEGER>' : `"${token.text}"`;
  return `" ${kind} "${token.kind === 'string' ? `'${token.text}'` : token.text} ""`;
}

/**
 * Parses the SQL subset QBO accepts (docs/quickbooks.md#queries): `SELECT * | COUNT(*) FROM Entity [WHERE cond AND ...]
 * [ORDERBY prop [ASC|DESC], ...] [STARTPOSITION n] [MAXRESULTS n]`. Keywords in any case; `ORDER BY` is read as
 * ORDERBY because QBO's own parser lists "order" among expected tokens (node-quickbooks issue 56). No OR, no
 * projections, no JOIN or GROUP BY: those give QBO's "Error parsing query".
 */
export function parseQuery(text: string): ParsedQuery {
  const tokens = tokenizeQuery(text);
  let pos = 0;
  const peek = (): Token => tokens[pos] ?? { kind: 'eof', text: '', column: text.length + 1 };
  const next = (): Token => { const token = peek(); pos++; return token; };
  const isWord = (token: Token, word: string) => token.kind === 'word' && token.text.toLowerCase() === word;
  const fail = (token: Token, expecting: string[]): QueryError =>
    parseError(`Encountered ${label(token)} at line 1, column ${token.column}.\nWas expecting one of:\n${expecting.map((e) => `    ${e} ...`).join('\n')}`);
  const expectWord = (word: string) => { const token = next(); if (!isWord(token, word)) throw fail(token, [`"${word}"`]); };
  const expectKind = (kind: Token['kind'], shown: string) => { const token = next(); if (token.kind !== kind) throw fail(token, [shown]); return token; };
  const identifier = (): Token => {
    const token = next();
    if (token.kind !== 'word' || KEYWORDS.has(token.text.toLowerCase())) throw fail(token, ['<IDENTIFIER>']);
    return token;
  };
  const literal = (): Literal => {
    const token = next();
    if (token.kind === 'string') return { kind: 'string', value: token.text };
    if (token.kind === 'number' && Number.isFinite(Number(token.text))) return { kind: 'number', value: Number(token.text) };
    if (isWord(token, 'true') || isWord(token, 'false')) return { kind: 'boolean', value: isWord(token, 'true') };
    throw fail(token, ['<STRING>', '<INTEGER>', '"true"', '"false"']);
  };
  const integer = (): number => {
    const token = next();
    if (token.kind !== 'number' || !/^-?\d+$/.test(token.text)) throw fail(token, ['<INTEGER>']);
    return Number(token.text);
  };

  expectWord('select');
  let count = false;
  if (peek().kind === 'star') next();
  else if (isWord(peek(), 'count')) {
    next();
    expectKind('lparen', '"("');
    expectKind('star', '"*"');
    expectKind('rparen', '")"');
    count = true;
  } else throw fail(peek(), ['"*"', '"count"']);
  expectWord('from');
  const entityToken = identifier();
  if (entityToken.text.includes('.')) throw fail(entityToken, ['<IDENTIFIER>']);

  const where: Condition[] = [];
  if (isWord(peek(), 'where')) {
    next();
    do {
      const property = identifier().text;
      const opToken = next();
      if (opToken.kind === 'op' && ['=', '<', '>', '<=', '>='].includes(opToken.text)) {
        where.push({ property, operator: opToken.text as Operator, values: [literal()] });
      } else if (isWord(opToken, 'in')) {
        expectKind('lparen', '"("');
        const values = [literal()];
        while (peek().kind === 'comma') { next(); values.push(literal()); }
        expectKind('rparen', '")"');
        where.push({ property, operator: 'IN', values });
      } else if (isWord(opToken, 'like')) {
        const token = expectKind('string', '<STRING>');
        where.push({ property, operator: 'LIKE', values: [{ kind: 'string', value: token.text }] });
      } else throw fail(opToken, ['"="', '"<"', '">"', '"<="', '">="', '"in"', '"like"']);
    } while (isWord(peek(), 'and') && next());
  }

  const orderBy: SortKey[] = [];
  if (isWord(peek(), 'orderby') || isWord(peek(), 'order')) {
    if (isWord(next(), 'order')) expectWord('by');
    do {
      const property = identifier().text;
      const direction = peek();
      const descending = isWord(direction, 'desc');
      if (descending || isWord(direction, 'asc')) next();
      orderBy.push({ property, descending });
    } while (peek().kind === 'comma' && next());
  }

  let startPosition: number | undefined;
  let maxResults: number | undefined;
  for (;;) {
    const token = peek();
    if (isWord(token, 'startposition') && startPosition === undefined) { next(); startPosition = integer(); }
    else if (isWord(token, 'maxresults') && maxResults === undefined) { next(); maxResults = integer(); }
    else break;
  }
  const end = peek();
  if (end.kind !== 'eof') {
    const expecting = ['<EOF>'];
    if (where.length > 0 && orderBy.length === 0) expecting.push('<AND>');
    if (orderBy.length === 0) expecting.push('"orderby"');
    if (startPosition === undefined) expecting.push('"startposition"');
    if (maxResults === undefined) expecting.push('"maxresults"');
    throw fail(end, expecting);
  }
  return { count, entity: entityToken.text, where, orderBy, startPosition, maxResults };
}
