import { execFile } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { freePort, ROOT } from '../../support/child-service';

const SCRIPT = path.join(ROOT, 'scripts/healthcheck.js');

function runHealthcheck(port: number): Promise<number> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT], { env: { PORT: String(port), HEALTHCHECK_TIMEOUT_MS: '2000' } }, (err) => {
      resolve(err ? Number((err as NodeJS.ErrnoException & { code?: number }).code ?? 1) : 0);
    });
  });
}

function serve(status: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    res.statusCode = req.url === '/api/health' ? status : 404;
    res.end('{}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('the Docker HEALTHCHECK script', () => {
  test('when /api/health answers 200, then it exits 0', async () => {
    const server = await serve(200);
    const { port } = server.address() as { port: number };
    await expect(runHealthcheck(port)).resolves.toBe(0);
    server.close();
  });

  test('when /api/health answers an error status, then it exits non-zero', async () => {
    const server = await serve(500);
    const { port } = server.address() as { port: number };
    await expect(runHealthcheck(port)).resolves.not.toBe(0);
    server.close();
  });

  test('when nothing listens, then it exits non-zero', async () => {
    await expect(runHealthcheck(await freePort())).resolves.not.toBe(0);
  });
});
