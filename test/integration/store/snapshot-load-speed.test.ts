import type { SnapshotUpsert } from '../../../src/store';
import { useStores, useTempDataDir } from './helpers';

const REALM = '9130350000000001';
const SIZES: Record<string, number> = { customers: 100_000, vendors: 10_000, items: 50_000, invoices: 200_000 };

function rows(entity: string, count: number): SnapshotUpsert[] {
  return Array.from({ length: count }, (_, i) => ({
    entity,
    id: String(i + 1),
    // ~250 bytes: roughly a trimmed QBO name-list object.
    raw: JSON.stringify({
      Id: String(i + 1),
      DisplayName: `Entreprise Générale Numéro ${i}`,
      Active: i % 10 !== 0,
      PrimaryEmailAddr: { Address: `contact${i}@example.com` },
      MetaData: { CreateTime: '2024-01-01T00:00:00-08:00', LastUpdatedTime: '2025-06-01T10:00:00-07:00' },
    }),
    lastUpdated: '2025-06-01T10:00:00-07:00',
  }));
}

describe('store snapshot load speed', () => {
  const temp = useTempDataDir();
  const open = useStores();

  it('when a 360k-row company is stored, then it loads completely within a few seconds', async () => {
    const store = open({ dataDir: temp.dataDir() });
    const upserts = Object.entries(SIZES).flatMap(([entity, count]) => rows(entity, count));
    const writeStart = performance.now();
    await store.applySnapshotChanges(REALM, {
      upserts,
      deletes: [],
      replaceEntities: Object.keys(SIZES),
      syncedThrough: '2025-06-01T17:00:00Z',
    });
    const writeMs = performance.now() - writeStart;

    const loadStart = performance.now();
    const snapshot = await store.loadSnapshot(REALM);
    const loadMs = performance.now() - loadStart;

    for (const [entity, count] of Object.entries(SIZES)) expect(snapshot?.rowsByEntity.get(entity)).toHaveLength(count);
    process.stdout.write(`snapshot of 360k rows: write ${Math.round(writeMs)} ms, load ${Math.round(loadMs)} ms\n`);
    // Generous bound for slow CI machines; locally it is well under a second or two.
    expect(loadMs).toBeLessThan(10_000);
  }, 120_000);
});
