import express, { type Response, type Router } from 'express';
import type { CompanyStore } from '../company-store';
import { canonicalEntityName, simEntityFromPath } from '../entities';
import { faultBodies } from '../http/fault-bodies';
import type { JsonObject } from '../json';
import { formatPacific } from '../qbo-time';
import { executeQuery } from '../query/execute-query';
import { QueryError } from '../query/query-error';
import { changeDataCapture } from './cdc';

/**
 * The v3 resources under `/v3/company/:realmId` (docs/quickbooks.md: Queries, Change data capture): query (GET, or
 * POST with an `application/text` body), cdc and single-record reads. `minorversion` and `format=json` are accepted
 * and ignored: the simulator answers as minorversion 75 does.
 */
export function createApiRoutes(
  storeOf: (realmId: string) => CompanyStore | undefined,
  now: () => number,
  companyNameOf: (realmId: string) => string | undefined = () => undefined,
): Router {
  // The realm id comes from the mount path; require-access-token.ts already refused a token of another company.
  const router = express.Router({ mergeParams: true });
  const companyStore = (req: express.Request): CompanyStore => {
    const store = storeOf(String(req.params.realmId));
    if (!store) throw new Error(`no company ${String(req.params.realmId)}`); // unreachable behind require-access-token
    return store;
  };
  const send = (res: Response, status: number, body: JsonObject) => {
    res.status(status).json('time' in body || 'Fault' in body ? body : { ...body, time: formatPacific(now(), true) });
  };

  const runQuery = (store: CompanyStore, res: Response, text: unknown) => {
    if (typeof text !== 'string' || text.trim() === '') {
      send(res, 400, faultBodies.queryParse('QueryParserError: Encountered "<EOF>" at line 0, column 0.\nWas expecting:\n    "select" ...', now()));
      return;
    }
    try {
      send(res, 200, { QueryResponse: executeQuery(text, store) });
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      const body = error.kind === 'parse' ? faultBodies.queryParse(error.detail, now()) : faultBodies.queryInvalid(error.detail, now());
      send(res, 400, body);
    }
  };

  router.get('/query', (req, res) => runQuery(companyStore(req), res, req.query.query));
  router.post('/query', express.text({ type: ['application/text', 'text/plain'] }), (req, res) => {
    runQuery(companyStore(req), res, typeof req.body === 'string' && req.body.trim() !== '' ? req.body : req.query.query);
  });

  router.get('/cdc', (req, res) => {
    const result = changeDataCapture(companyStore(req), req.query.entities, req.query.changedSince, now());
    send(res, result.status, result.body);
  });

  // The company's own settings, read by its realm id (the service shows CompanyName beside the realm).
  router.get('/companyinfo/:id', (req, res) => {
    const realmId = String((req.params as { realmId?: string }).realmId); // merged from the mount path
    if (req.params.id !== realmId) return send(res, 400, faultBodies.objectNotFound('CompanyInfo', req.params.id, now()));
    const name = companyNameOf(realmId) ?? `Company ${realmId}`;
    const created = formatPacific(now() - 400 * 86_400_000, false);
    send(res, 200, {
      CompanyInfo: {
        CompanyName: name,
        LegalName: name,
        Country: 'US',
        SupportedLanguages: 'en',
        domain: 'QBO',
        sparse: false,
        Id: '1',
        SyncToken: '0',
        MetaData: { CreateTime: created, LastUpdatedTime: created },
      },
    });
  });

  router.get('/:entity/:id', (req, res) => {
    const entity = simEntityFromPath(req.params.entity);
    const record = entity ? companyStore(req).get(entity, String(req.params.id)) : undefined;
    if (entity && record) return send(res, 200, { [entity]: record.json });
    const known = canonicalEntityName(req.params.entity);
    if (known) return send(res, 400, faultBodies.objectNotFound(known, req.params.id, now()));
    send(res, 400, faultBodies.unsupportedOperation(`Operation ${req.method} ${req.params.entity} is not supported.`, now()));
  });

  router.use((req, res) => send(res, 400, faultBodies.unsupportedOperation(`Operation ${req.method} ${req.path} is not supported.`, now())));
  return router;
}
