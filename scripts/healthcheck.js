#!/usr/bin/env node
// Container HEALTHCHECK: slim images have no curl, so Node asks /api/health itself.
// Exit 0 when the service answers 200, 1 otherwise (not listening, timeout, or an error status).
'use strict';
const http = require('node:http');

const port = Number(process.env.PORT || 5002);
const host = process.env.HEALTHCHECK_HOST || '127.0.0.1';
const timeoutMs = Number(process.env.HEALTHCHECK_TIMEOUT_MS || 3000);

const req = http.get({ host, port, path: '/api/health', timeout: timeoutMs }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error('timeout')));
req.on('error', () => process.exit(1));
