/** Variables that live mode cannot run without (README, Modes), in the order they are reported. */
export const LIVE_MODE_REQUIRED = [
  'QUICKBOOKS_CLIENT_ID',
  'QUICKBOOKS_CLIENT_SECRET',
  'SECRET_KEY',
  'ADMIN_API_KEY',
] as const;
