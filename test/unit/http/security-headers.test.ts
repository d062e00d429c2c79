import express from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { createSecurityHeaders } from '../../../src/http/middleware/security-headers';

describe('security headers computed once', () => {
  test('when a response is sent, then it carries exactly the headers helmet would set per request', async () => {
    const withHelmet = express().use(helmet()).get('/', (_req, res) => void res.json({ ok: true }));
    const precomputed = express().use(createSecurityHeaders()).get('/', (_req, res) => void res.json({ ok: true }));
    const [a, b] = await Promise.all([request(withHelmet).get('/'), request(precomputed).get('/')]);
    const strip = (headers: Record<string, unknown>) => {
      const { date: _date, ...rest } = headers;
      return rest;
    };
    expect(strip(b.headers)).toEqual(strip(a.headers));
    expect(b.headers['content-security-policy']).toContain("default-src 'self'");
    expect(b.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });
});
