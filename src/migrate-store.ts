/**
 * `npm run cli -- migrate-store`: copies the SQLite store in DATA_DIR into the PostgreSQL database of DATABASE_URL
 * (README, "The store"). Configured like the service (the environment, then `.env`), with the same SECRET_KEY: the
 * tokens are decrypted from the file and encrypted again into the database. Run it with the service stopped; the
 * file is left as it was. Exit codes: 0 copied, 1 failed (nothing is half-copied into a store that was empty: run it
 * again after emptying the database), 2 not applicable (no DATABASE_URL, no SQLite file), 78 invalid configuration.
 */
import fs from 'node:fs';
import path from 'node:path';
import { configOrExit, type Config } from './config';
import { copyStore, DATABASE_FILE_NAME, openSqliteStore, openStore, type Store } from './store';

async function migrate(config: Config): Promise<number> {
  if (config.databaseUrl === undefined) {
    process.stderr.write('migrate-store copies DATA_DIR into PostgreSQL: set DATABASE_URL to the database to copy into\n');
    return 2;
  }
  const file = path.join(config.dataDir, DATABASE_FILE_NAME);
  if (!fs.existsSync(file)) {
    process.stderr.write(`migrate-store: no SQLite store at ${file} (DATA_DIR)\n`);
    return 2;
  }
  const keys = { dataDir: config.dataDir, secretKey: config.secretKey, allowGeneratedKey: config.mode === 'demo' };
  const from = openSqliteStore(keys);
  let to: Store | undefined;
  try {
    to = await openStore({ ...keys, databaseUrl: config.databaseUrl });
    const report = await copyStore(from, to, (line) => process.stdout.write(`${line}\n`));
    const counted = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
    process.stdout.write(
      `copied ${counted(report.companies, 'company', 'companies')}, ${counted(report.tokens, 'token set')}, ${counted(report.readKeys, 'read key')}, ` +
        `${counted(report.snapshotRows, 'snapshot row')} and ${counted(report.syncRuns, 'sync run')} from ${file} into PostgreSQL\n`,
    );
    return 0;
  } catch (err) {
    process.stderr.write(`migrate-store failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await to?.close();
    await from.close();
  }
}

void migrate(configOrExit()).then((code) => {
  process.exitCode = code;
});
