import { Router } from 'express';
import { buildOpenApiDocument } from './document';

/** `GET /api/openapi.json`: public, built once. */
export function createOpenApiRouter(deps: { readonly version: string }): Router {
  const router = Router();
  const body = JSON.stringify(buildOpenApiDocument(deps.version));
  router.get('/api/openapi.json', (_req, res) => {
    res.type('application/json').send(body);
  });
  return router;
}
