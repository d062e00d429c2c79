import { COMPANY_ROUTES } from '../company-scope';
import { ADMIN_ERRORS, errors, json, ok, pathParam } from './responses';
import { ref } from './schemas';
import { admin } from './access';
import type { HttpMethod, OperationObject, PathItem, ResponseObject } from './types';

const template = (route: string) => route.replace(/:(\w+)/g, '{$1}');
const realmId = pathParam('realmId', 'A connected company\'s realm id (README, Several companies)', { type: 'string' });

/** A response list with one more error code in it (the description lists every code of its status). */
function withError(responses: Readonly<Record<string, ResponseObject>>, status: string, code: string): Record<string, ResponseObject> {
  const existing = responses[status];
  const description = existing ? `${existing.description}, \`${code}\`` : `\`${code}\``;
  return { ...responses, [status]: { ...(existing ?? { content: json(ref('Error')) }), description } };
}

/** The routes that need a read key with SEARCH_AUTH=keys (README, Read keys). */
const READ_KEY_ROUTES = new Set(['/search', '/search/:index', '/indexes/status', '/cache/status']);

/** A public read route: anyone with SEARCH_AUTH=open, a read key of the company (or the admin key) with `keys`. */
function readKeyAware(route: string, operation: OperationObject): OperationObject {
  if (!READ_KEY_ROUTES.has(route)) return operation;
  let responses: Record<string, ResponseObject> = { ...operation.responses };
  for (const [status, code] of [['401', 'unauthorized'], ['403', 'forbidden'], ['429', 'rate_limited']] as const) responses = withError(responses, status, code);
  return {
    ...operation,
    description: `${operation.description ?? ''}${operation.description ? ' ' : ''}With \`SEARCH_AUTH=keys\` it needs a read key of the company or the admin key (401 without, 403 with another company's key; failed attempts are rate-limited per client).`,
    security: [{}, { readKeyAuth: [] }, ...operation.security.filter((entry) => Object.keys(entry).length > 0)],
    responses,
  };
}

/**
 * The company-scoped form of every route about a company, and the unscoped form's 404/409 for a company that
 * cannot be resolved: the same handlers answer both (src/http/company-scope.ts).
 */
export function companyPaths(unscoped: Readonly<Record<string, PathItem>>): Record<string, PathItem> {
  const paths: Record<string, PathItem> = { ...unscoped };
  for (const [route, methods] of Object.entries(COMPANY_ROUTES)) {
    const path = `/api${template(route)}`;
    const item = unscoped[path];
    if (!item) throw new Error(`COMPANY_ROUTES lists ${route}, which the document does not`);
    const scoped: PathItem = {};
    const resolved: PathItem = { ...item };
    for (const method of methods as readonly HttpMethod[]) {
      const operation = readKeyAware(route, item[method] as OperationObject);
      resolved[method] = { ...operation, responses: withError(withError(operation.responses, '404', 'unknown_company'), '409', 'company_required') };
      scoped[method] = {
        ...operation,
        operationId: `${operation.operationId}OfCompany`,
        summary: `${operation.summary} (one company)`,
        parameters: [realmId, ...(operation.parameters ?? [])],
        responses: withError(operation.responses, '404', 'unknown_company'),
      };
    }
    paths[path] = resolved;
    paths[`/api/companies/{realmId}${template(route)}`] = scoped;
  }
  const keyId = pathParam('id', 'A read key id (from `POST …/read-keys`)');
  paths['/api/companies/{realmId}/read-keys'] = {
    get: {
      operationId: 'listReadKeys',
      summary: "The company's read keys (ids and creation times; never a key)",
      ...admin('auth'),
      parameters: [realmId],
      responses: { '200': ok('The keys', 'ReadKeys'), ...errors(...ADMIN_ERRORS, 'unknown_company') },
    },
    post: {
      operationId: 'createReadKey',
      summary: 'A new read key for the company; the key is in this answer only (stored as a hash)',
      ...admin('auth'),
      parameters: [realmId],
      responses: { '201': ok('The new key', 'NewReadKey'), ...errors(...ADMIN_ERRORS, 'unknown_company') },
    },
  };
  paths['/api/companies/{realmId}/read-keys/{id}'] = {
    delete: {
      operationId: 'revokeReadKey',
      summary: 'Revokes a read key of the company, at once',
      ...admin('auth'),
      parameters: [realmId, keyId],
      responses: { '204': { description: 'Revoked' }, ...errors(...ADMIN_ERRORS, 'unknown_company', 'not_found') },
    },
  };
  paths['/api/companies'] = {
    get: {
      operationId: 'listCompanies',
      summary: 'The connected companies, with their state, counts, last sync and health',
      ...admin('auth'),
      responses: { '200': ok('The companies', 'Companies'), ...errors(...ADMIN_ERRORS) },
    },
  };
  return paths;
}
