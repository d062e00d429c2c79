export { createCacheHolder, type CacheHolder, type CacheView } from './cache-holder';
export { DataUnavailableError, type DataHandle, type PreparedChanges, type RecordChange, type RecordChanges } from './data-handle';
export { countsOf, emptyTable, emptyTables, infoOf, tableOf, type DataFacts, type EntityTable, type Snapshot, type SnapshotInfo, type SnapshotTables } from './snapshot';
