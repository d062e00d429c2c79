/**
 * One connected QuickBooks company: its token manager, its data path (QuickBooks client and limiter, sync engine,
 * cache and data thread: wiring/build-sync.ts) and what happens on its token events. Nothing in it knows of any other
 * company; the registry (registry.ts) holds them all.
 */
import type { Logger } from 'pino';
import { NotConnectedError, TokenManager, type ConnectFlow, type OAuthGateway } from '../auth';
import type { CacheHolder } from '../cache';
import type { Config } from '../config';
import type { HealthFacts } from '../health';
import type { ServedCompany } from '../http';
import type { QboCallEvent } from '../qbo';
import type { Store } from '../store';
import type { SharedDataThreads, SyncEngine, SyncRunView, SyncTrigger, VerifyReport } from '../sync';
import { buildSyncRuntime, healthFactsOf, type SyncRuntime } from '../wiring';
import type { Role } from './leadership';
import { ReplicaRole, type ReplicasDeps } from './replica-role';

export interface CompanyDeps {
  readonly config: Config;
  readonly store: Store;
  readonly gateway: OAuthGateway;
  /** Revokes and deletes a company (auth/connect-flow.ts). */
  readonly connectFlow: () => ConnectFlow;
  readonly logger: Logger;
  /** Metrics hooks, each told which company. */
  readonly onQboCall?: (realmId: string, event: QboCallEvent) => void;
  readonly onSyncFinished?: (realmId: string, run: SyncRunView, durationMs: number) => void;
  readonly onDataThreadDelay?: (realmId: string, maxMs: number) => void;
  /** The data threads small companies share (every company's data path uses the same ones). */
  readonly sharedThreads?: SharedDataThreads;
  /** Sees each company's token manager before it loads its tokens (metrics count its refreshes). */
  readonly watchTokens?: (realmId: string, tokenManager: TokenManager) => void;
  /** When the company's scheduled refresh runs next (the schedules are spread over the companies: schedules.ts). */
  readonly nextRefreshAt: (realmId: string) => Date | null;
  /** The company was disconnected and its data deleted: the registry forgets it. */
  readonly onGone: (company: Company) => void;
  /** This process among the replicas sharing the store (README "Several replicas"). */
  readonly replicaId: string;
  /** Present when the store is shared (PostgreSQL): leader or follower per company; absent, this process leads all. */
  readonly replicas?: ReplicasDeps;
}

/** Without a realm: the stand-in that answers the unscoped routes while no company is connected. */
export class Company implements ServedCompany {
  readonly tokenManager: TokenManager;
  readonly runtime: SyncRuntime;
  /** Null when this process is the only one on the store (SQLite): it leads. */
  readonly replica: ReplicaRole | null;
  /** Whether the start found a stored snapshot to serve (readiness waits for those). */
  hadStoredSnapshot = false;
  /** As QuickBooks shows it (CompanyInfo), read when the company is connected; null until then. */
  companyName: string | null = null;
  private readonly log: Logger;

  constructor(
    readonly realmId: string | null,
    private readonly deps: CompanyDeps,
  ) {
    const realm = realmId ?? undefined;
    this.log = realmId === null ? deps.logger : deps.logger.child({ realmId });
    const label = realmId ?? '';
    this.tokenManager = new TokenManager({ store: deps.store, gateway: deps.gateway, logger: this.log.child({ component: 'auth' }), realmId: realm });
    if (realmId !== null) deps.watchTokens?.(realmId, this.tokenManager);
    this.replica =
      realmId === null || deps.replicas === undefined
        ? null
        : new ReplicaRole(
            { realmId, tokenManager: this.tokenManager, runtime: () => this.runtime, firstSync: (mode, trigger) => this.firstSync(mode, trigger) },
            { store: deps.store, replicas: deps.replicas, replicaId: deps.replicaId, ttlMs: deps.config.leaseTtlMs, logger: this.log.child({ component: 'replicas' }) },
          );
    this.runtime = buildSyncRuntime({
      config: deps.config,
      realmId: realm,
      store: deps.store,
      tokenManager: this.tokenManager,
      logger: this.log,
      onQboCall: (event) => deps.onQboCall?.(label, event),
      onSyncFinished: (run, durationMs) => deps.onSyncFinished?.(label, run, durationMs),
      onDataThreadDelay: (maxMs) => deps.onDataThreadDelay?.(label, maxMs),
      sharedThreads: deps.sharedThreads,
      leadership: this.replica?.leadership,
    });
    this.tokenManager.on('connected', () => {
      if (this.replica !== null && !this.replica.leads()) return this.replica.connected();
      void this.trySync('full', 'connect');
      void this.learnName();
    });
    this.tokenManager.on('disconnected', (gone) => {
      // At once, not at the run's next check: a full sync's data thread would go on writing the company's rows.
      this.runtime.engine.cancelRunning('the company was disconnected during the sync');
      void this.replica?.leadership.stop();
      deps.onGone(this);
      // Once its data thread has exited, delete the search images it may have been writing (the rows are gone).
      void this.runtime
        .forget()
        .then(() => deps.store.deleteSearchImages(gone))
        .catch((err: unknown) => this.log.error({ err }, "could not delete the disconnected company's data"));
    });
  }

  get cache(): CacheHolder {
    return this.runtime.cache;
  }

  get sync(): SyncEngine {
    return this.runtime.engine;
  }

  role(): Role {
    return this.replica?.leadership.role() ?? 'leader';
  }

  /** Starts or joins a sync: here when this replica leads the company, else by its leader (forward-sync.ts). */
  async startSync(mode: 'full' | 'incremental' | undefined, trigger: SyncTrigger): Promise<{ id: string; done: Promise<SyncRunView> }> {
    if (this.replica === null || this.replica.leads()) return this.runtime.startSync(mode, trigger);
    this.tokenManager.connectedRealm(); // not connected: 409, as on the leader
    return this.replica.forward(mode, trigger);
  }

  /**
   * For schedules, webhooks and token events, which have nobody to answer: start or join a sync. Not being connected
   * means nothing to do; any other failure to start is logged as the error it is. A follower runs no schedule (its
   * leader does) and hands a webhook's sync to the leader.
   */
  trySync(mode: 'full' | 'incremental' | undefined, trigger: SyncTrigger): Promise<SyncRunView | null> | null {
    if (this.replica !== null && !this.replica.leads()) {
      if (trigger === 'webhook') this.replica.forwardWebhook().catch((err: unknown) => this.log.warn({ err }, "could not hand the webhook's events to the leader"));
      return null;
    }
    const log = this.log.child({ component: 'sync' });
    try {
      // A run that could not even be recorded (the database is gone) rejects: logged here, as nobody awaits it.
      return this.runtime.startSync(mode, trigger).done.catch((err: unknown) => {
        log.error({ err, trigger }, 'sync could not run');
        return null;
      });
    } catch (err) {
      if (err instanceof NotConnectedError) log.debug({ trigger, connection: err.reason }, 'sync not started: QuickBooks is not connected');
      else log.error({ err, trigger }, 'sync not started');
      return null;
    }
  }

  /** Counts at QuickBooks against the cache's; asked of a follower, run by the leader (only it calls QuickBooks). */
  verify(): Promise<VerifyReport> {
    if (this.replica !== null && !this.replica.leads()) return this.replica.forwardVerify();
    return this.runtime.verify();
  }

  nextRefreshAt(): Date | null {
    return this.realmId === null ? null : this.deps.nextRefreshAt(this.realmId);
  }

  disconnect(): Promise<{ realmId: string; revoked: boolean } | null> {
    return this.deps.connectFlow().disconnect(this.tokenManager);
  }

  healthFacts(): HealthFacts {
    return healthFactsOf(this.tokenManager, this.runtime.cache, this.runtime.engine, () => this.runtime.dataUnavailable());
  }

  /**
   * Serves the stored snapshot (no QuickBooks call), then starts the first sync: incremental after a warm start. With
   * replicas, only once it leads (its lease: `lead`); a follower takes in the leader's commits instead.
   */
  async start(): Promise<void> {
    this.hadStoredSnapshot = await this.runtime.warmStart().catch((err: unknown) => {
      this.log.error({ err }, 'could not load the stored snapshot; a full sync will rebuild it');
      return false;
    });
    if (this.realmId !== null) {
      const { realmId } = this;
      this.companyName = await this.deps.store.getCompanyName(realmId).catch((err: unknown) => {
        this.log.warn({ err }, "could not read the company's name from the store; it is read again later");
        return null;
      });
    }
    if (this.replica !== null) return this.replica.leadership.start();
    this.firstSync(this.hadStoredSnapshot ? 'incremental' : 'full', 'startup');
  }

  firstSync(mode: 'full' | 'incremental' | undefined, trigger: SyncTrigger): void {
    const first = this.trySync(mode, trigger);
    // A company connected by a version that did not read names (or whose read failed) learns it once, after its sync.
    if (this.companyName === null) void first?.then((run) => (run?.status === 'succeeded' ? this.learnName() : undefined));
  }

  /** Reads the company's name from QuickBooks and keeps it; a failure is logged, and the name stays as it was. */
  private async learnName(): Promise<void> {
    const realmId = this.realmId;
    if (realmId === null) return;
    try {
      const name = await this.runtime.companyName();
      this.companyName = name;
      await this.deps.store.setCompanyName(realmId, name);
    } catch (err) {
      this.log.warn({ err }, "could not read the company's name from QuickBooks; it is read again at the next start");
    }
  }

  /** Disconnected through another replica (its data is gone from the store): forgotten here too, without a revoke. */
  goneElsewhere(): void {
    if (this.realmId === null) return;
    this.tokenManager.forget(this.realmId); // its 'disconnected' gives the lease up
  }

  /** Cancels the running sync and gives the lease up (another replica need not wait out the TTL). */
  async stop(): Promise<void> {
    await this.runtime.engine.close();
    await this.replica?.leadership.stop();
  }

  close(): void {
    this.runtime.close();
  }
}

