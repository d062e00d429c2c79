import { ConfigError, ENTITY_NAMES, loadConfig } from '../../../src/config';

const LIVE = {
  APP_MODE: 'live',
  QUICKBOOKS_CLIENT_ID: 'client-id',
  QUICKBOOKS_CLIENT_SECRET: 'client-secret',
  SECRET_KEY: 'x'.repeat(32),
  ADMIN_API_KEY: 'y'.repeat(32),
};

describe('QUICKBOOKS_ENTITIES', () => {
  it('defaults to customers, vendors, items and invoices in live mode, and to every entity in demo mode', () => {
    expect(loadConfig(LIVE).entities).toEqual(['customers', 'vendors', 'items', 'invoices']);
    expect(loadConfig({ APP_MODE: 'demo' }).entities).toEqual(ENTITY_NAMES);
  });

  it('is case-insensitive and tolerates spaces, duplicates and empty items; the order is the canonical one', () => {
    expect(loadConfig({ ...LIVE, QUICKBOOKS_ENTITIES: ' Invoices, CUSTOMERS ,,invoices ' }).entities).toEqual(['customers', 'invoices']);
  });

  it('refuses an unknown name, naming the variable, the name and the allowed names', () => {
    const attempt = () => loadConfig({ ...LIVE, QUICKBOOKS_ENTITIES: 'customers,payments' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/^Invalid configuration: QUICKBOOKS_ENTITIES has unknown entity "payments"; use a comma-separated list of customers, vendors, items, invoices/);
  });

  it('refuses a list that names no entity', () => {
    expect(() => loadConfig({ ...LIVE, QUICKBOOKS_ENTITIES: ' , ' })).toThrow(/QUICKBOOKS_ENTITIES names no entity/);
  });
});
