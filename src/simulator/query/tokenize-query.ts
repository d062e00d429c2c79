import { parseError } from './query-error';

export type TokenKind = 'word' | 'string' | 'number' | 'op' | 'lparen' | 'rparen' | 'comma' | 'star' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The text as written (for strings: the value, unescaped). */
  readonly text: string;
  /** 1-based column, as QBO's parser reports it. */
  readonly column: number;
}

const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_.]/;
const DIGIT = /[0-9]/;

function lexicalError(ch: string, column: number, after = ''): Error {
  const shown = ch === '' ? '<EOF>' : `"${ch}" (${ch.codePointAt(0) ?? 0}),`;
  return parseError(`Invalid content. Lexical error at line 1, column ${column}.  Encountered: ${shown} after : "${after}"`);
}

/**
 * Splits a query into tokens. Only ASCII is allowed outside string literals: QBO answers a typographic quote or a
 * stray `%` with a lexical error (docs/quickbooks.md#queries; quickbooks-node-promise issue 1). Inside a literal,
 * `\'` is an apostrophe and `\\` a backslash.
 */
export function tokenizeQuery(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    const column = i + 1;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw lexicalError('', i + 1, `'${value}`);
        const c = text.charAt(i);
        if (c === '\\' && (text.charAt(i + 1) === "'" || text.charAt(i + 1) === '\\')) {
          value += text.charAt(i + 1);
          i += 2;
        } else if (c === "'") {
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      tokens.push({ kind: 'string', text: value, column });
    } else if (DIGIT.test(ch) || (ch === '-' && DIGIT.test(text.charAt(i + 1)))) {
      let j = i + 1;
      while (j < text.length && /[0-9.]/.test(text.charAt(j))) j++;
      tokens.push({ kind: 'number', text: text.slice(i, j), column });
      i = j;
    } else if (WORD_START.test(ch)) {
      let j = i + 1;
      while (j < text.length && WORD_PART.test(text.charAt(j))) j++;
      tokens.push({ kind: 'word', text: text.slice(i, j), column });
      i = j;
    } else if (ch === '<' || ch === '>' || ch === '!') {
      const two = text.slice(i, i + 2);
      const op = two === '<=' || two === '>=' || two === '<>' || two === '!=' ? two : ch;
      if (op === '!') throw lexicalError(ch, column);
      tokens.push({ kind: 'op', text: op, column });
      i += op.length;
    } else if (ch === '=') {
      tokens.push({ kind: 'op', text: '=', column });
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',' || ch === '*') {
      tokens.push({ kind: ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : ch === ',' ? 'comma' : 'star', text: ch, column });
      i++;
    } else {
      throw lexicalError(String.fromCodePoint(text.codePointAt(i) ?? 0), column);
    }
  }
  tokens.push({ kind: 'eof', text: '', column: text.length + 1 });
  return tokens;
}
