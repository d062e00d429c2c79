/**
 * How a follower takes in what the leader commits (README "Several replicas"). For each company it does not lead,
 * it compares the store's head with what it serves: a new generation (a full sync) is loaded whole by a new data
 * thread, swapped in when ready; incremental commits on the served generation are replayed from the change log into
 * the served thread in place, as the leader applied them. Replaying is idempotent (a change no newer than the held
 * record is skipped), so after any doubt (a restart, a lost notification, a change of role) it starts again from
 * the generation's first logged change. One catch-up at a time per company.
 */
import type { Logger } from 'pino';
import type { RecordChange, RecordChanges } from '../cache';
import { currentRecordFormat, isEntityName, type EntityName } from '../qbo';
import type { LoggedChanges, SnapshotHead, StoreReplication } from '../store';
import type { SyncRuntime } from '../wiring';

export interface FollowedCompany {
  readonly realmId: string | null;
  readonly runtime: Pick<SyncRuntime, 'cache' | 'reload'>;
}

interface Seen {
  readonly generation: number;
  readonly seq: number;
}

export class SnapshotFollower {
  private readonly seen = new Map<string, Seen>();
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly replication: StoreReplication,
    private readonly logger: Logger,
  ) {}

  /** Takes in the store's `head` for the company (after any catch-up already running for it); never rejects. */
  catchUp(company: FollowedCompany, head: SnapshotHead): Promise<void> {
    const realmId = company.realmId;
    if (realmId === null) return Promise.resolve();
    const previous = this.chains.get(realmId) ?? Promise.resolve();
    const next = previous
      .then(() => this.takeIn(company, realmId, head))
      .catch((err: unknown) => {
        this.seen.delete(realmId);
        this.logger.warn({ err, realmId }, "could not take in the leader's commit; trying again at the next poll");
      });
    this.chains.set(realmId, next);
    void next.finally(() => {
      if (this.chains.get(realmId) === next) this.chains.delete(realmId);
    });
    return next;
  }

  /** Resolves once no catch-up of the company is running (before it leads, so it syncs from what the store has). */
  async settled(realmId: string): Promise<void> {
    await this.chains.get(realmId);
  }

  /** The served data may hold changes the log position does not say (it led meanwhile): replay from the start. */
  forget(realmId: string): void {
    this.seen.delete(realmId);
  }

  private async takeIn(company: FollowedCompany, realmId: string, head: SnapshotHead): Promise<void> {
    const { cache } = company.runtime;
    const view = cache.current();
    if (view === null || view.info.generation !== head.generation) {
      const started = performance.now();
      const info = await company.runtime.reload(realmId);
      // Changes committed while it loaded are in it, or after head.changeSeq in the log: replayed next time.
      this.seen.set(realmId, { generation: info?.generation ?? -1, seq: info?.generation === head.generation ? head.changeSeq : 0 });
      this.logger.info({ realmId, generation: info?.generation, duration_ms: Math.round(performance.now() - started) }, "took in the leader's full sync");
      return;
    }
    const known = this.seen.get(realmId);
    const after = known?.generation === head.generation ? known.seq : 0;
    if (head.changeSeq <= after) return;
    const logged = await this.replication.changesSince(realmId, head.generation, after);
    const last = logged.at(-1)?.seq ?? head.changeSeq;
    const changes = recordChangesOf(logged);
    const { data } = view;
    const prepared = changes === null ? null : await data.prepare(changes);
    if (prepared === null || prepared.rebuild || cache.current() !== view) {
      if (prepared !== null) data.discard();
      if (cache.current() === view) await company.runtime.reload(realmId);
      this.seen.set(realmId, { generation: head.generation, seq: last });
      return;
    }
    const facts = await data.commit();
    cache.swap({ info: { ...view.info, syncedThrough: head.syncedThrough, updatedAt: new Date() }, facts, data });
    this.seen.set(realmId, { generation: head.generation, seq: last });
    this.logger.debug({ realmId, changed: prepared.changedCount, seq: last }, "took in the leader's incremental sync");
  }
}

type LooseChanges = Partial<Record<EntityName, { upserts: RecordChange<unknown>[]; deletes: { id: string; lastUpdated: string }[] }>>;

/**
 * The logged commits as one set of changes, each record's last change winning; null when a record was written in
 * another format than this build's (then the follower loads the snapshot whole, which normalizes again).
 */
export function recordChangesOf(logged: readonly LoggedChanges[]): RecordChanges | null {
  const format = currentRecordFormat();
  const last = new Map<string, { entity: EntityName; upsert?: RecordChange<unknown>; delete?: { id: string; lastUpdated: string } }>();
  for (const entry of logged) {
    for (const row of entry.upserts) {
      if (!isEntityName(row.entity) || row.record === null || row.record.format !== format) return null;
      const record: unknown = JSON.parse(row.record.json);
      last.set(`${row.entity}\u0000${row.id}`, { entity: row.entity, upsert: { id: row.id, lastUpdated: row.lastUpdated, record, recordJson: row.record.json } });
    }
    for (const row of entry.deletes) {
      if (!isEntityName(row.entity)) return null;
      // No time logged: unknown times count as newer, so the delete is applied.
      last.set(`${row.entity}\u0000${row.id}`, { entity: row.entity, delete: { id: row.id, lastUpdated: row.lastUpdated ?? '' } });
    }
  }
  const changes: LooseChanges = {};
  for (const change of last.values()) {
    const entity = (changes[change.entity] ??= { upserts: [], deletes: [] });
    if (change.upsert) entity.upserts.push(change.upsert);
    if (change.delete) entity.deletes.push(change.delete);
  }
  // Each record was written by this build's normalizer of its entity (same format), so it has its entity's type.
  return changes as RecordChanges;
}
