import { Router } from 'express';
import request from 'supertest';
import { loadConfig } from '../../../src/config';
import { AppError, createApp } from '../../../src/http';
import { captureLogs } from '../../support/log-capture';
import { idleHealth } from './idle-health';

/** helmet 8's defaults, the headers every response has carried so far: a helmet upgrade that changes one shows here. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;" +
    "object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

function buildApp() {
  const router = Router();
  router.get('/api/search/:index', (req, res) => {
    if (req.params.index !== 'client_names') throw new AppError('unknown_index', 'Unknown index');
    res.json({ results: [] });
  });
  return createApp({ config: loadConfig({}), logger: captureLogs().logger, health: idleHealth(), routers: [router] });
}

describe('security headers', () => {
  test.each([
    ['a search', '/api/search/client_names?q=ac', 200],
    ['an error', '/api/search/nope?q=ac', 404],
    ['an unknown path', '/no/such/path', 404],
    ['the status page', '/', 200],
  ])('when %s is answered, then it carries every security header with its value, and no X-Powered-By', async (_what, url, status) => {
    const res = await request(buildApp()).get(url).expect(status);
    expect(res.headers).toMatchObject(SECURITY_HEADERS);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
