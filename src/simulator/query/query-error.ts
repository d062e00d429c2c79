/**
 * A query QBO refuses. `parse` → Message "Error parsing query", code 4000, Detail "QueryParserError: …"
 * (node-quickbooks issue 56); `validation` → Message "Invalid query", code 4001, Detail "QueryValidationError: …"
 * (quickbooks-ruby issues 24 and 403). Both are HTTP 400 ValidationFaults (docs/quickbooks.md#faults).
 */
export class QueryError extends Error {
  override readonly name = 'QueryError';

  constructor(
    readonly kind: 'parse' | 'validation',
    readonly detail: string,
  ) {
    super(detail);
  }
}

export const parseError = (detail: string): QueryError => new QueryError('parse', `QueryParserError: ${detail}`);
export const validationError = (detail: string): QueryError => new QueryError('validation', `QueryValidationError: ${detail}`);
