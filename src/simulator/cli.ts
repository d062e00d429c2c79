/**
 * `npm run simulator [-- --port 8085 --seed 42 --customers 500 --vendors 100 --items 1000 --invoices 3000
 *   --estimates 800 --purchase-orders 300 --bills 900
 *   --control --latency 0 --host 127.0.0.1 --redirect-uri http://localhost:5002/callback]`
 * Runs the QuickBooks simulator alone and prints the environment that points a live-mode qbo-cache at it.
 * Flags only: src/config is the only reader of the environment (docs/ARCHITECTURE.md#rules).
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { createSimulator } from './create-simulator';

/** The realm id of the first of `--more-companies`. */
const MORE_REALMS_FROM = 4620816365100000;

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8085' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string' },
      customers: { type: 'string' },
      vendors: { type: 'string' },
      items: { type: 'string' },
      invoices: { type: 'string' },
      estimates: { type: 'string' },
      'purchase-orders': { type: 'string' },
      bills: { type: 'string' },
      latency: { type: 'string' },
      // More companies the same user can connect (bench/companies-scale.ts): how many, and each one's sizes.
      'more-companies': { type: 'string' },
      'more-customers': { type: 'string' },
      'more-vendors': { type: 'string' },
      'more-items': { type: 'string' },
      'more-invoices': { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      control: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('Usage: npm run simulator -- [--port 8085] [--host 127.0.0.1] [--seed 42] [--customers N] [--vendors N] [--items N] [--invoices N] [--estimates N] [--purchase-orders N] [--bills N] [--more-companies N [--more-customers N] [--more-vendors N] [--more-items N] [--more-invoices N]] [--latency MS] [--redirect-uri URI]... [--control] [--verbose]');
    return;
  }
  const started = Date.now();
  const moreSizes = {
    customers: integer(values['more-customers'], 'more-customers'),
    vendors: integer(values['more-vendors'], 'more-vendors'),
    items: integer(values['more-items'], 'more-items'),
    invoices: integer(values['more-invoices'], 'more-invoices'),
    estimates: 0,
    purchase_orders: 0,
    bills: 0,
  };
  // Realm ids after the first company's, each company generated from a seed of its own.
  const moreCompanies = Array.from({ length: integer(values['more-companies'], 'more-companies') ?? 0 }, (_, i) => ({
    realmId: String(MORE_REALMS_FROM + i),
    seed: 1000 + i,
    sizes: moreSizes,
  }));
  const simulator = createSimulator({
    moreCompanies,
    seed: integer(values.seed, 'seed'),
    sizes: {
      customers: integer(values.customers, 'customers'),
      vendors: integer(values.vendors, 'vendors'),
      items: integer(values.items, 'items'),
      invoices: integer(values.invoices, 'invoices'),
      estimates: integer(values.estimates, 'estimates'),
      purchase_orders: integer(values['purchase-orders'], 'purchase-orders'),
      bills: integer(values.bills, 'bills'),
    },
    latencyMs: integer(values.latency, 'latency'),
    redirectUris: values['redirect-uri'],
    controlOverHttp: values.control,
    logger: pino({ level: values.verbose ? 'debug' : 'warn' }),
  });
  const running = await simulator.listen(integer(values.port, 'port'), values.host);
  const companies = simulator.realmIds.length > 1 ? `companies ${simulator.realmIds[0]} … ${simulator.realmIds.at(-1)} (${simulator.realmIds.length})` : `company ${simulator.realmId}`;
  console.log(`QuickBooks simulator on ${running.url} (${companies}, generated in ${Date.now() - started} ms)`);
  if (values.control) console.log(`Control API: ${running.url}/__control`);
  console.log('\n# Point a live-mode qbo-cache at it:');
  console.log('APP_MODE=live');
  console.log(`QUICKBOOKS_CLIENT_ID=${simulator.clientId}`);
  console.log(`QUICKBOOKS_CLIENT_SECRET=${simulator.clientSecret}`);
  console.log(`QUICKBOOKS_API_BASE_URL=${running.endpoints.apiBaseUrl}`);
  console.log(`QUICKBOOKS_AUTHORIZE_URL=${running.endpoints.authorizeUrl}`);
  console.log(`QUICKBOOKS_TOKEN_URL=${running.endpoints.tokenUrl}`);
  console.log(`QUICKBOOKS_REVOKE_URL=${running.endpoints.revokeUrl}`);
  console.log('# Live mode also needs SECRET_KEY and ADMIN_API_KEY.\n');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the simulator`);
    running.close().then(() => process.exit(0), (error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
