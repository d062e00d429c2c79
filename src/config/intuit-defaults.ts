/**
 * Intuit's public endpoints (docs/quickbooks.md#endpoints). They are defaults only: every one can be overridden
 * from the environment so the service can run against the bundled simulator or a proxy.
 */
export const INTUIT_AUTHORIZE_URL = 'https://appcenter.intuit.com/connect/oauth2';
export const INTUIT_TOKEN_URL = 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer';
export const INTUIT_REVOKE_URL = 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke';

export const INTUIT_API_BASE_URLS = {
  sandbox: 'https://sandbox-quickbooks.api.intuit.com',
  production: 'https://quickbooks.api.intuit.com',
} as const;

/** Intuit ignores minor versions below 75 since August 2025 (docs/quickbooks.md#minor-version). */
export const DEFAULT_MINOR_VERSION = 75;
