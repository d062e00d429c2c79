import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../../support/child-service';

interface ComposeService {
  build?: unknown;
  env_file?: string | string[];
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] };
  restart?: string;
}

const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; engines: { node: string } };
const node24Script = readFileSync(path.join(ROOT, 'scripts', 'test-node24.sh'), 'utf8');

describe('docker-compose.yml', () => {
  const service = compose.services['qbo-cache'];

  test('when read, then it defines the qbo-cache service built from this repo', () => {
    expect(service).toBeDefined();
    expect(service?.build).toBe('.');
  });

  test('when read, then it publishes port 5002 and loads .env', () => {
    expect(service?.ports).toContain('5002:5002');
    expect(service?.env_file).toBe('.env');
  });

  test('when read, then DATA_DIR is on a named volume that is declared', () => {
    expect(service?.environment?.DATA_DIR).toBe('/data');
    expect(service?.volumes).toContain('qbo-cache-data:/data');
    expect(compose.volumes).toHaveProperty('qbo-cache-data');
  });

  test('when read, then the healthcheck runs the repo healthcheck script and restart is unless-stopped', () => {
    expect(service?.healthcheck?.test).toEqual(['CMD', 'node', 'scripts/healthcheck.js']);
    expect(service?.restart).toBe('unless-stopped');
  });
});

describe('Dockerfile', () => {
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  test('when read, then it is multi-stage on node:24-slim, the active LTS, which the suite also runs on', () => {
    expect(dockerfile.match(/^FROM node:24-slim AS \w+/gm)).toHaveLength(2);
    expect(dockerfile).not.toMatch(/^FROM (?!node:24-slim )/m);
  });

  test("when read, then the suite's second run uses the image's Node major, and engines admits it", () => {
    const imageMajor = /^FROM node:(\d+)-slim/m.exec(dockerfile)?.[1];
    expect(/NODE24_VERSION:-(\d+)\.\d+\.\d+/.exec(node24Script)?.[1]).toBe(imageMajor);
    expect(pkg.engines.node.split('||').map((range) => range.trim())).toContain(`^${imageMajor}.0.0`);
  });

  test('when read, then the final stage runs the same command npm start runs, as a non-root user', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(finalStage)?.[1];
    expect(cmd).toBeDefined();
    expect((JSON.parse(cmd ?? '[]') as string[]).join(' ')).toBe(pkg.scripts.start);
    expect(pkg.scripts.start).toMatch(/^node (--[\w-]+=\S+ )*dist\/main\.js$/);
    expect(finalStage).toMatch(/^USER node$/m);
    expect(finalStage).toMatch(/^EXPOSE 5002$/m);
  });

  test('when read, then the HEALTHCHECK runs the tested script and the final stage copies it', () => {
    expect(finalStage).toMatch(/HEALTHCHECK .*CMD \["node", "scripts\/healthcheck\.js"\]/);
    expect(finalStage).toMatch(/COPY .*scripts\/healthcheck\.js/);
  });

  test('when read, then only production dependencies reach the final stage', () => {
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(finalStage).not.toMatch(/npm (ci|install)/);
  });
});
