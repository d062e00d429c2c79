/**
 * The names of the QuickBooks entities the service can cache (README, Entities), and the ones cached when
 * `QUICKBOOKS_ENTITIES` is unset. Only the names live here, below every other folder, so the configuration can
 * validate the variable; what each entity is (its QuickBooks name, normalizer, indexes) is in `qbo/entities.ts`
 * and `search/index-registry.ts`, tables keyed by these names.
 */
export const ENTITY_NAMES = ['customers', 'vendors', 'items', 'invoices', 'estimates', 'purchase_orders', 'bills'] as const;

export type EntityName = (typeof ENTITY_NAMES)[number];

/** Cached when `QUICKBOOKS_ENTITIES` is unset in live mode (demo mode caches every entity). */
export const DEFAULT_ENTITIES: readonly EntityName[] = ['customers', 'vendors', 'items', 'invoices'];

export function isEntityName(name: string): name is EntityName {
  return (ENTITY_NAMES as readonly string[]).includes(name);
}
