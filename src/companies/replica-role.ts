/**
 * A company's part in a set of replicas sharing one store (README "Several replicas"): its lease (leadership.ts),
 * what happens when this replica starts or stops leading it, and the syncs a follower hands to the leader
 * (forward-sync.ts) or the leader takes from the followers.
 */
import type { Logger } from 'pino';
import type { TokenManager } from '../auth';
import type { Store, StoreReplication } from '../store';
import { isSyncTrigger, LEADER_LOST, type SyncRunView, type SyncTrigger, type VerifyReport } from '../sync';
import type { SyncRuntime } from '../wiring';
import { forwardSync, forwardVerify, type VerifyAnswer } from './forward-sync';
import { Leadership } from './leadership';
import type { SnapshotFollower } from './snapshot-follower';

type Mode = 'full' | 'incremental' | undefined;

/** The company a role belongs to, as the role sees it. */
export interface ReplicaHost {
  readonly realmId: string;
  /** The company's data path (built after its role: the role's lease gates its calls). */
  runtime(): SyncRuntime;
  readonly tokenManager: TokenManager;
  /** Starts the leader's first sync (and learns the company's name after it). */
  firstSync(mode: Mode, trigger: SyncTrigger): void;
}

export interface ReplicasDeps {
  readonly replication: StoreReplication;
  readonly follower: SnapshotFollower;
  /** Takes in the store's committed snapshot of the company now (before it leads). */
  readonly catchUp: (host: ReplicaHost) => Promise<void>;
  /** On the leader: a follower received webhook events for the company (they join the leader's debounce). */
  readonly webhookArrived: (realmId: string) => void;
}

export interface ReplicaRoleDeps {
  readonly store: Store;
  readonly replicas: ReplicasDeps;
  readonly replicaId: string;
  readonly ttlMs: number;
  readonly logger: Logger;
}

export class ReplicaRole {
  readonly leadership: Leadership;
  /** Connected through this replica before it knew whether it leads: the first sync, once it does, is the connect's. */
  private connectPending = false;
  /** Set once `lead` has taken up the lease it was granted; cleared when it is lost. */
  private ready = false;

  constructor(
    private readonly host: ReplicaHost,
    private readonly deps: ReplicaRoleDeps,
  ) {
    this.leadership = new Leadership({
      store: deps.store,
      realmId: host.realmId,
      holder: deps.replicaId,
      ttlMs: deps.ttlMs,
      logger: deps.logger,
      onChange: (role, epochChanged) => (role === 'leader' ? void this.lead(epochChanged) : this.follow()),
    });
  }

  /**
   * Whether this replica runs the company's syncs: it leads, and has taken up leading (caught up with the store and
   * recorded the lost leader's runs, `lead`). Until then what it is asked is queued, and taken once it has.
   */
  leads(): boolean {
    return this.ready && this.leadership.leads();
  }

  /** The company was connected (or reconnected) through this replica: whichever replica leads pulls it in full. */
  connected(): void {
    this.connectPending = true;
    void this.leadership.start().then(() => {
      if (this.leadership.leads()) return; // lead() runs the connect's sync (or takes it from the queue)
      this.connectPending = false;
      this.forward('full', 'connect').catch((err: unknown) => this.deps.logger.warn({ err }, 'could not hand the first sync to the leader'));
    });
  }

  /** A follower's sync, run by the leader: resolves once the leader took it (its run's id), `done` when the run ends. */
  forward(mode: Mode, trigger: SyncTrigger): Promise<{ id: string; done: Promise<SyncRunView> }> {
    const { replication } = this.deps.replicas;
    return forwardSync({ replication, realmId: this.host.realmId, replicaId: this.deps.replicaId, run: (id) => this.host.runtime().engine.get(id) }, mode, trigger);
  }

  /**
   * A follower's webhook events, handed to the leader at once, without a debounce here: the leader's own debounce
   * then coalesces the events every replica received within its window into one sync (README "Several replicas").
   * Nobody waits for the answer.
   */
  async forwardWebhook(): Promise<void> {
    await this.deps.replicas.replication.requestSync(this.host.realmId, 'incremental', 'webhook', this.deps.replicaId);
  }

  /**
   * The leader runs what followers queued for it: each request starts a sync or joins the running one; a webhook's
   * joins the leader's webhook debounce instead.
   */
  async takeRequests(): Promise<void> {
    if (!this.leads()) return;
    const { replication } = this.deps.replicas;
    for (const request of await replication.takeSyncRequests(this.host.realmId, this.deps.replicaId)) {
      if (request.kind === 'verify') {
        void this.verifyFor(request.id);
        continue;
      }
      if (request.trigger === 'webhook') {
        this.deps.replicas.webhookArrived(this.host.realmId);
        continue;
      }
      try {
        // Connected (or reconnected) through a follower: its tokens are in the store, not yet here.
        if (request.trigger === 'connect') await this.host.tokenManager.init();
        const { id } = this.host.runtime().startSync(request.mode ?? undefined, isSyncTrigger(request.trigger) ? request.trigger : 'manual');
        await replication.answerSyncRequest(request.id, id);
      } catch (err) {
        this.deps.logger.warn({ err, request: request.id }, "could not run a follower's sync request");
      }
    }
  }

  /** A follower's verify, run here (it calls QuickBooks); its report or error is stored for the follower. */
  private async verifyFor(id: number): Promise<void> {
    const answer: VerifyAnswer = await this.host
      .runtime()
      .verify()
      .then(
        (report) => ({ report }),
        (err: unknown) => ({ error: { name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err) } }),
      );
    await this.deps.replicas.replication.answerVerifyRequest(id, JSON.stringify(answer)).catch((err: unknown) => this.deps.logger.warn({ err }, "could not answer a follower's verify"));
  }

  /** A follower's verify, run by the leader. */
  forwardVerify(): Promise<VerifyReport> {
    return forwardVerify({ replication: this.deps.replicas.replication, realmId: this.host.realmId, replicaId: this.deps.replicaId });
  }

  /**
   * This replica now leads the company. It first takes in what the store has (the lost leader's last commits and its
   * newest tokens), records the lost leader's running syncs failed, then syncs: a full sync again when one was cut off.
   */
  private async lead(epochChanged: boolean, attempt = 0): Promise<void> {
    const { host } = this;
    try {
      await this.deps.replicas.catchUp(host);
      await host.tokenManager.init();
      const lost = epochChanged ? await this.deps.replicas.replication.failRunsOfLostLeader(host.realmId, LEADER_LOST, new Date().toISOString()) : [];
      if (!this.leadership.leads()) return;
      this.ready = true;
      if (lost.length > 0) this.deps.logger.warn({ interrupted: lost }, 'the previous leader left syncs unfinished; recorded them failed (leader lost)');
      const mode = lost.includes('full') || host.runtime().cache.current() === null || this.connectPending ? 'full' : undefined;
      const trigger = this.connectPending ? 'connect' : lost.length > 0 ? 'leader_change' : 'startup';
      this.connectPending = false;
      host.firstSync(mode, trigger);
      await this.takeRequests();
    } catch (err) {
      if (this.ready) {
        this.deps.logger.warn({ err }, "could not take the followers' queued syncs; the next poll takes them");
        return;
      }
      // The store failed meanwhile: try again while the lease lasts (1 s doubling to 30 s).
      this.deps.logger.error({ err, attempt }, 'could not take up leading the company; trying again');
      setTimeout(() => {
        if (this.leadership.leads() && !this.ready) void this.lead(epochChanged, attempt + 1);
      }, Math.min(30_000, 1000 * 2 ** attempt)).unref();
    }
  }

  /** Another replica leads now: a running sync stops (recorded "leader lost"); the follower replays from the start. */
  private follow(): void {
    this.ready = false;
    this.host.runtime().engine.leaderLost();
    this.deps.replicas.follower.forget(this.host.realmId);
  }
}
