import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { DataThreadData } from './protocol';

/**
 * Starts data-thread: the compiled `.js` beside this file (`npm start`, dist/). Where the sources run as TypeScript
 * (jest through ts-jest, `npm run dev` through tsx) there is no `.js`, and the thread loads the `.ts` through tsx's
 * CommonJS hook, a dev dependency that is installed wherever TypeScript sources run.
 */
export function startDataThread(data: DataThreadData): Worker {
  // No resourceLimits: the process's V8 flags (`--max-semi-space-size` of `npm start`) would override them anyway.
  const options: WorkerOptions = { workerData: data };
  const compiled = path.join(__dirname, 'data-thread.js');
  if (existsSync(compiled)) return new Worker(compiled, options);
  const source = path.join(__dirname, 'data-thread.ts');
  return new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(source)});`, { ...options, eval: true });
}
