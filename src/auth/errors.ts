/** Intuit refused the refresh token or code (`invalid_grant`): only a new connection fixes it. */
export class InvalidGrantError extends Error {
  override readonly name = 'InvalidGrantError';
  constructor(readonly intuitTid?: string) {
    super('Intuit rejected the grant (invalid_grant)');
  }
}

/** Intuit could not be reached or answered 5xx after the client's retries: try again later, keep the old token. */
export class OAuthUnavailableError extends Error {
  override readonly name = 'OAuthUnavailableError';
  constructor(message: string, readonly intuitTid?: string) {
    super(message);
  }
}

/** Intuit refused the request for another reason (e.g. `invalid_client`): configuration, not transient. */
export class OAuthRejectedError extends Error {
  override readonly name = 'OAuthRejectedError';
  constructor(readonly oauthError: string, readonly intuitTid?: string) {
    super(`Intuit rejected the token request (${oauthError})`);
  }
}

/** No usable connection: never connected, disconnected, or waiting for a reconnect after `invalid_grant`. */
export class NotConnectedError extends Error {
  override readonly name = 'NotConnectedError';
  constructor(readonly reason: 'not_connected' | 'reconnect_required') {
    super(
      reason === 'reconnect_required'
        ? 'QuickBooks must be reconnected: the refresh token was rejected'
        : 'QuickBooks is not connected',
    );
  }
}

/** The OAuth callback failed a check; nothing was stored. `code` is shown to the person in the browser. */
export class ConnectCallbackError extends Error {
  override readonly name = 'ConnectCallbackError';
  constructor(
    readonly code: 'missing_state' | 'unknown_state' | 'expired_state' | 'used_state' | 'access_denied' | 'missing_code' | 'missing_realm' | 'exchange_failed',
    message: string,
  ) {
    super(message);
  }
}
