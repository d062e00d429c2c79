#!/usr/bin/env node
/** Operator CLI against a running qbo-cache (`npm run cli -- status | refresh [--full] | verify | search <index> <query> | connect | companies`), and `migrate-store`. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseCliArgs, USAGE } from './args';
import { CliError, createClient } from './client';
import { runCommand } from './commands';

async function main(): Promise<number> {
  const parsed = parseCliArgs(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    console.error(`${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const { options } = parsed;
  if (options.command === 'migrate-store') return runMigrateStore();
  const client = createClient(options.url, options.key);
  try {
    return await runCommand({
      options,
      client,
      io: {
        out: (text) => console.log(text),
        err: (text) => console.error(text),
        tty: process.stdout.isTTY ? { write: (text) => process.stdout.write(text), columns: process.stdout.columns } : undefined,
      },
    });
  } catch (err) {
    if (err instanceof CliError) {
      if (options.json && err.body !== undefined) console.error(JSON.stringify(err.body));
      console.error(err.message);
      return 1;
    }
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    return 1;
  }
}

/**
 * The one command that works on the stores rather than a running service: the service's own entry for it,
 * `dist/migrate-store.js`, runs as a child with this process's environment and terminal.
 */
function runMigrateStore(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, '..', 'migrate-store.js')], { stdio: 'inherit' });
    child.on('error', (err) => {
      console.error(`migrate-store could not start: ${err.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
}

void main().then((code) => {
  process.exitCode = code;
});
