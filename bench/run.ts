/**
 * `npm run bench -- <name> [flags]`: runs one benchmark script from this folder with the build it needs.
 * `npm run bench` alone lists them. Figures and the commands that produced them are kept in BENCHMARKS.md.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const here = __dirname;
const available = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
  .map((file) => file.replace(/\.ts$/, ''));
const [name, ...flags] = process.argv.slice(2);

if (!name || !available.includes(name)) {
  console.log(`Usage: npm run bench -- <name> [flags]\nBenchmarks: ${available.join(', ')}`);
  process.exit(name ? 1 : 0);
}
// Benchmarks that start the service run dist/, so build first (incremental: instant when up to date).
const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit', cwd: path.resolve(here, '..') });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, `${name}.ts`), ...flags], { stdio: 'inherit' });
process.exit(run.status ?? 1);
