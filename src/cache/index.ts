export { createCacheHolder, type CacheHolder, type CacheView } from './cache-holder';
export { countsOf, emptyTable, tableOf, type EntityTable, type RawRows, type Snapshot, type SnapshotTables } from './snapshot';
