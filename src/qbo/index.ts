/** qbo/: the QuickBooks Online API edge. Nothing outside this folder parses Intuit's shapes or calls node-quickbooks. */
export { createQboClient, PAGE_SIZE, type CallOptions, type QboClient, type QboClientDeps, type QueryAllOptions } from './qbo-client';
export { createRealmLimiter, type LimiterStats, type RealmLimiter, type RealmLimiterOptions } from './realm-limiter';
export type { AccessTokenSource, CallKind, QboCallEvent } from './call-executor';
export type { CallStatus } from './attempt';
export type { PageProgress } from './pages';
export { CDC_MAX_LOOKBACK_DAYS, CDC_MAX_OBJECTS, type ChangeSet, type DeletedRef, type EntityChanges } from './cdc';
export {
  isQboError,
  QboAuthError,
  QboError,
  QboNetworkError,
  QboServerError,
  QboThrottleError,
  QboValidationError,
  type QboErrorCategory,
} from './errors';
export { abortReason, isAbortError } from './abort';
export { leaderOnlyLimiter, leaderOnlyTokens, NotLeaderError } from './leader-only';
export { DEFAULT_RETRY, type RetryOptions } from './retry-policy';
export { ENTITIES, entityForQboName, normalizeRecord, type EntityDefinition, type QboEntityName, type RawByEntity, type RecordByEntity } from './entities';
export { normalizeBill, normalizeCustomer, normalizeEstimate, normalizeInvoice, normalizeItem, normalizePurchaseOrder, normalizeVendor } from './normalizers';
export { currentRecordFormat } from './record-format';
export type * from './raw-types';
export { isRawEntity } from './raw-types';
export * from './records';
export { ENTITY_NAMES, isEntityName, type EntityName } from '../config';
