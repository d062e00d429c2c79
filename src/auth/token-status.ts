/** What the token manager tells others about a company's connection (health, /api/config, metrics). */
export type ConnectionState = 'connected' | 'not_connected' | 'reconnect_required';

export interface TokenStatus {
  readonly realmId: string | null;
  readonly connection: ConnectionState;
  readonly hasAccessToken: boolean;
  readonly hasRefreshToken: boolean;
  readonly accessTokenExpiresAt: number | null;
  readonly refreshTokenExpiresAt: number | null;
  readonly refreshTokenHardExpiresAt: number | null;
}
