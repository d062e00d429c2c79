import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import express from 'express';
import request from 'supertest';
import { createOpenApiRouter } from '../../../src/http/openapi';

const run = promisify(execFile);
const REDOCLY_BIN = path.join(path.dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');

interface LintProblem {
  readonly ruleId: string;
  readonly severity: 'error' | 'warn';
  readonly message: string;
  readonly location: readonly { readonly pointer: string }[];
}

/**
 * The recommended rules' warnings this document keeps, each because following it would make the document say
 * something untrue. Any other warning, or one of these going away, fails the test so the list stays honest.
 */
const ACCEPTED_WARNINGS: Readonly<Record<string, string>> = {
  // The project grants no licence (package.json: UNLICENSED): there is no SPDX identifier or URL to give.
  'info-license-strict #/info/license': 'no licence is granted',
  // Public GETs that take no parameters and answer no 4xx (an unknown path is another operation's 404).
  'operation-4xx-response #/paths/~1api~1health/get/responses': 'answers 200 (or 500) whatever is asked',
  'operation-4xx-response #/paths/~1api~1health~1ready/get/responses': 'answers 200 or 503',
  'operation-4xx-response #/paths/~1api~1openapi.json/get/responses': 'answers 200',
  'operation-4xx-response #/paths/~1metrics/get/responses': 'answers 200',
  // The OAuth callback succeeds with a redirect to the status page: it has no 2xx answer.
  'operation-2xx-response #/paths/~1callback/get/responses': 'success is a 302 redirect',
};

describe('the served OpenAPI document under @redocly/cli lint (recommended rules)', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'qbo-cache-openapi-lint-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('when linted, then it has no error and only the warnings accepted above', async () => {
    // The bytes the service serves, from the router it mounts.
    const served = await request(express().use(createOpenApiRouter({ version: '0.0.0-lint' }))).get('/api/openapi.json').expect(200);
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, served.text);

    // In an empty folder so no stray redocly.yaml applies; no telemetry or update check (CI has no internet).
    const { stdout } = await run(process.execPath, [REDOCLY_BIN, 'lint', file, '--extends=recommended', '--format=json'], {
      cwd: dir,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      maxBuffer: 16 * 1024 * 1024,
    }).catch((err: { stdout?: string; stderr?: string }) => {
      // The linter exits 1 when it finds an error; its JSON report is still on stdout.
      if (!err.stdout) throw new Error(`redocly lint failed to run: ${err.stderr ?? String(err)}`);
      return { stdout: err.stdout };
    });
    const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: LintProblem[] };
    const describe = (problem: LintProblem) => `${problem.ruleId} ${problem.location[0]?.pointer ?? ''}`;

    expect(report.problems.filter((p) => p.severity === 'error').map((p) => `${describe(p)}: ${p.message}`)).toEqual([]);
    expect(report.totals.errors).toBe(0);
    const warnings = report.problems.filter((p) => p.severity === 'warn').map(describe).sort();
    expect(warnings).toEqual(Object.keys(ACCEPTED_WARNINGS).sort());
  });
});
