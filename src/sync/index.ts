export { SyncEngine } from './sync-engine';
export type { SyncEngineDeps } from './sync-engine-deps';
export { SyncCancelledError } from './run-outcome';
export { applyChanges, type ChangedRow, type Changes, type DeletedRow, type EntityChanges } from './apply-changes';
export { loadSnapshotFromStore } from './load-snapshot';
export { verifyCounts, type VerifyReport } from './verify';
export type { SyncMode, SyncRequest, SyncRunView, SyncSource, SyncTrigger } from './types';
export { pullInThread } from './pull-worker/run-pull-worker';
export { createQboSource } from './qbo-source';
