export { createCacheHolder, type CacheHolder, type CacheView } from './cache-holder';
export { countsOf, emptyTable, emptyTables, tableOf, type EntityTable, type RawRows, type Snapshot, type SnapshotTables } from './snapshot';
