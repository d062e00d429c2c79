import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker thread whose entry file is `<dirname>/<baseName>`: the compiled `.js` there (`npm start`, dist/).
 * Where the sources run as TypeScript (jest through ts-jest, `npm run dev` through tsx) there is no `.js`, and the
 * thread loads the `.ts` through tsx's CommonJS hook, a dev dependency that is installed wherever TypeScript sources
 * run. The caller passes its own `__dirname`, so the entry file stays beside the code that talks to it.
 */
export function startThread(baseName: string, dirname: string, workerData: unknown): Worker {
  // No resourceLimits: the process's V8 flags (`--max-semi-space-size` of `npm start`) would override them anyway.
  const options: WorkerOptions = { workerData };
  const compiled = path.join(dirname, `${baseName}.js`);
  if (existsSync(compiled)) return new Worker(compiled, options);
  const source = path.join(dirname, `${baseName}.ts`);
  return new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(source)});`, { ...options, eval: true });
}
