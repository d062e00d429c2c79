export { TokenManager, type TokenManagerDeps } from './token-manager';
export type { ConnectionState, TokenStatus } from './token-status';
export { createConnectFlow, type CallbackParams, type ConnectFlow } from './connect-flow';
export { createOAuthGateway, type OAuthGateway, type OAuthSettings } from './intuit-oauth-gateway';
export {
  ConnectCallbackError,
  InvalidGrantError,
  NotConnectedError,
  OAuthRejectedError,
  OAuthUnavailableError,
} from './errors';
export { expiriesOf, refreshTokenDeadline, tokenSetFromResponse, type TokenSet } from './token-set';
export type { TokenEvents } from './token-events';
export { createReadKeys, type ReadKeyInfo, type ReadKeys } from './read-keys';
