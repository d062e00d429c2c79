import express, { type ErrorRequestHandler, type Router } from 'express';
import { z } from 'zod';
import { canonicalEntityName, isSimEntity, isSimNameList, type SimEntity } from '../entities';
import { isJsonObject, type JsonObject } from '../json';
import { SimulatorControlError } from '../record-defaults';
import type { SimulatorControl } from '../types';
import type { FaultSpec } from './fault-injection';

const jsonValue: z.ZodType<unknown> = z.unknown();
const match = { method: z.string().optional(), path: z.string().optional(), pathRegex: z.string().optional(), times: z.number().int().positive().optional() };
const faultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('status'), status: z.number().int().min(100).max(599), body: jsonValue.optional(), headers: z.record(z.string(), z.string()).optional(), ...match }),
  z.object({ kind: z.literal('delay'), delayMs: z.number().int().min(0).max(600_000), ...match }),
  z.object({ kind: z.literal('drop'), ...match }),
  z.object({ kind: z.literal('truncated-json'), ...match }),
  z.object({ kind: z.literal('html'), status: z.number().int().min(100).max(599).optional(), ...match }),
  z.object({
    kind: z.literal('xml-fault'), status: z.number().int().min(100).max(599).optional(), faultType: z.string().optional(),
    code: z.string().optional(), message: z.string().optional(), detail: z.string().optional(), ...match,
  }),
]);

class NotFound extends Error {}

function entityOf(raw: string): SimEntity {
  const name = canonicalEntityName(raw);
  if (!name || !isSimEntity(name)) throw new NotFound(`unknown entity ${raw}`);
  return name;
}

function objectBody(body: unknown): JsonObject {
  if (!isJsonObject(body)) throw new SimulatorControlError('the body must be a JSON object');
  return body as JsonObject;
}

/**
 * `/__control` over HTTP, only when `controlOverHttp` is on (e.g. `npm run simulator -- --control` for a
 * frontend sandbox or a test in another process). Same operations as the in-process SimulatorControl.
 */
export function createControlRoutes(control: SimulatorControl): Router {
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/counters', (_req, res) => { res.json(control.counters()); });
  router.post('/connect-next/:realmId', (req, res) => { control.connectNextTo(req.params.realmId); res.status(204).end(); });
  router.post('/counters/reset', (_req, res) => { control.resetCounters(); res.status(204).end(); });

  router.get('/records/:entity/:id', (req, res) => {
    const record = control.getRecord(entityOf(req.params.entity), req.params.id);
    if (!record) throw new NotFound(`no ${req.params.entity} ${req.params.id}`);
    res.json(record);
  });
  router.post('/records/:entity', (req, res) => { res.status(201).json(control.addRecord(entityOf(req.params.entity), objectBody(req.body))); });
  router.patch('/records/:entity/:id', (req, res) => { res.json(control.updateRecord(entityOf(req.params.entity), req.params.id, objectBody(req.body))); });
  router.post('/records/:entity/:id/deactivate', (req, res) => {
    const entity = entityOf(req.params.entity);
    if (!isSimNameList(entity)) throw new SimulatorControlError('Only name-list records can be deactivated');
    res.json(control.deactivateRecord(entity, req.params.id));
  });
  router.delete('/records/:entity/:id', (req, res) => { control.deleteRecord(entityOf(req.params.entity), req.params.id); res.status(204).end(); });

  const optionalString = (body: unknown, key: string): string | undefined => {
    const value = isJsonObject(body) ? body[key] : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  router.post('/tokens/expire', (req, res) => { res.json({ expired: control.expireAccessTokens(optionalString(req.body, 'accessToken')) }); });
  router.post('/tokens/revoke-refresh', (req, res) => { res.json({ revoked: control.revokeRefreshTokens(optionalString(req.body, 'refreshToken')) }); });
  router.post('/authorizations/deny', (req, res) => {
    const { count } = z.object({ count: z.number().int().min(0).default(1) }).parse(req.body ?? {});
    control.denyNextAuthorizations(count);
    res.status(204).end();
  });

  router.post('/faults', (req, res) => {
    const { pathRegex, path, ...rest } = faultSchema.parse(req.body);
    const spec = { ...rest, path: pathRegex !== undefined ? new RegExp(pathRegex) : path } as FaultSpec;
    const handle = control.injectFault(spec);
    res.status(201).json({ remaining: handle.remaining() });
  });
  router.delete('/faults', (_req, res) => { control.clearFaults(); res.status(204).end(); });
  router.put('/latency', (req, res) => {
    const { ms } = z.object({ ms: z.number().int().min(0).max(600_000) }).parse(req.body);
    control.setLatency(ms);
    res.status(204).end();
  });

  const errors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
    if (error instanceof NotFound) return void res.status(404).json({ error: 'not_found', message: error.message });
    if (error instanceof SimulatorControlError || error instanceof SyntaxError) return void res.status(400).json({ error: 'bad_request', message: error.message });
    if (error instanceof z.ZodError) return void res.status(400).json({ error: 'bad_request', message: z.prettifyError(error) });
    next(error);
  };
  router.use(errors);
  return router;
}
