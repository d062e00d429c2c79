import { parseArgs } from 'node:util';

export const DEFAULT_URL = 'http://localhost:5002';

export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  status                     health, connection, company, counts, last sync, next refresh
  refresh [--full]           start a sync and follow its progress (exit 1 when it fails)
  verify                     cached counts against QuickBooks per entity (exit 1 when they differ)
  search <index> <query>     ranked typeahead results (e.g. search client_names acme); index all: every index
  connect                    print the QuickBooks authorize URL to open in a browser (connects another company too)
  companies                  the connected companies: realm id, state, counts, health
  migrate-store              copy the SQLite store in DATA_DIR into PostgreSQL (DATABASE_URL), with the service
                             stopped; configured from the environment and .env like the service itself

Options:
  --url <url>    the running service (env QBO_CACHE_URL, default ${DEFAULT_URL})
  --key <key>    admin API key (env ADMIN_API_KEY)
  --company <id> the company (realm id) status, refresh, verify and search are about (env QBO_CACHE_COMPANY;
                 default: the service's default company)
  --full         refresh: a full sync instead of an incremental one
  --limit <n>    search: how many results (1-100)
  --json         machine-readable JSON output
  -h, --help     this help
`;

export type Command = 'status' | 'refresh' | 'verify' | 'search' | 'connect' | 'companies' | 'migrate-store';
const COMMANDS: readonly Command[] = ['status', 'refresh', 'verify', 'search', 'connect', 'companies', 'migrate-store'];

export interface CliOptions {
  readonly command: Command;
  readonly positionals: readonly string[];
  readonly url: string;
  readonly key: string | undefined;
  /** The realm id of the company asked about, or undefined for the service's default company. */
  readonly company: string | undefined;
  readonly full: boolean;
  readonly json: boolean;
  readonly limit: number | undefined;
}

export type ParsedArgs = { kind: 'help' } | { kind: 'error'; message: string } | { kind: 'run'; options: CliOptions };

/** Parses argv (without node and the script) against the environment; never throws. */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: 'string' },
        key: { type: 'string' },
        company: { type: 'string' },
        full: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0 || positionals[0] === 'help') return { kind: 'help' };
  const [name, ...rest] = positionals;
  const command = COMMANDS.find((c) => c === name);
  if (!command) return { kind: 'error', message: `Unknown command "${name}"` };
  if (command === 'search' && rest.length < 2) return { kind: 'error', message: 'search needs an index and a query: search <index> <query>' };
  if (command !== 'search' && rest.length > 0) return { kind: 'error', message: `Unexpected argument "${rest[0]}"` };
  if (values.full && command !== 'refresh') return { kind: 'error', message: '--full applies to refresh only' };
  let limit: number | undefined;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return { kind: 'error', message: '--limit must be a whole number from 1 to 100' };
  }
  const url = (values.url ?? env.QBO_CACHE_URL ?? DEFAULT_URL).replace(/\/+$/, '');
  try {
    new URL(url);
  } catch {
    return { kind: 'error', message: `Invalid --url "${url}"` };
  }
  const key = values.key ?? (env.ADMIN_API_KEY || undefined);
  const company = values.company ?? (env.QBO_CACHE_COMPANY || undefined);
  if (company !== undefined && !/^\d+$/.test(company)) return { kind: 'error', message: `--company must be a realm id (digits), not "${company}"` };
  return { kind: 'run', options: { command, positionals: rest, url, key, company, full: values.full, json: values.json, limit } };
}
