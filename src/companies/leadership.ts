/**
 * Which replica talks to QuickBooks for a company (README "Several replicas"): the holder of its lease in the store.
 * The timing keeps both promises of LEASE_TTL_MS, whatever moment a leader dies or pauses at:
 * - every replica asks every sixth of the TTL (the leader renews, the others try to take it);
 * - a lease is granted for two thirds of the TTL (by the store's clock), so a dead leader's lease runs out within
 *   two thirds of the TTL of its death, and another replica takes it within a sixth more: within the TTL;
 * - a replica counts itself leader only while its last grant is fresh by its own monotonic clock (60 % of the TTL
 *   from when it asked, before the store's expiry), so a process paused past that knows at once, on waking, that it
 *   no longer leads, before any renewal answers; one that cannot renew stops calling QuickBooks within the TTL.
 * Writes carry the lease's epoch (`fence`), which the store checks in the same transaction.
 */
import type { Logger } from 'pino';
import type { LeaseFence, Store } from '../store';

export type Role = 'leader' | 'follower';

export interface LeadershipDeps {
  readonly store: Store;
  readonly realmId: string;
  /** This replica's id (README "Several replicas"): unique per process, so a restarted one never inherits a lease. */
  readonly holder: string;
  readonly ttlMs: number;
  readonly logger: Logger;
  /** The role changed: `epochChanged` when the lease was taken from another holder (or first granted). */
  readonly onChange: (role: Role, epochChanged: boolean) => void;
  /** Monotonic ms (performance.now); injectable for tests. */
  readonly clock?: () => number;
}

/** The part of the TTL a lease is granted for, by the store's clock. */
const GRANTED_PART = 2 / 3;
/** The part of the TTL a grant is trusted for locally, from the ask (the store's expiry counts from when it got it). */
const TRUSTED_PART = 0.6;
/** How often every replica asks, as a part of the TTL. */
const ASK_PART = 1 / 6;

export class Leadership {
  private lease: { readonly epoch: number; readonly validUntil: number } | null = null;
  private reported: Role = 'follower';
  private lastEpoch: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | null = null;
  private stopped = false;
  private readonly clock: () => number;

  constructor(private readonly deps: LeadershipDeps) {
    this.clock = deps.clock ?? (() => performance.now());
  }

  /** Leader only while the last renewal is fresh: checked before every QuickBooks and token call. */
  role(): Role {
    return this.lease !== null && this.clock() < this.lease.validUntil ? 'leader' : 'follower';
  }

  leads(): boolean {
    return this.role() === 'leader';
  }

  /**
   * The fence of this replica's writes: the lease it holds or last held, the store being the judge of whether it is
   * still the company's (epoch 0, never granted, when it never led).
   */
  fence(): LeaseFence {
    return { holder: this.deps.holder, epoch: this.lease?.epoch ?? this.lastEpoch ?? 0 };
  }

  /** The epoch of the lease held, or last held. */
  epoch(): number | null {
    return this.lastEpoch;
  }

  /** Takes or renews the lease now, then every sixth of the TTL. Resolves after the first attempt. */
  async start(): Promise<void> {
    if (this.timer !== undefined || this.stopped) return this.renewing ?? undefined;
    this.timer = setInterval(() => void this.renew(), Math.max(250, Math.floor(this.deps.ttlMs * ASK_PART)));
    this.timer.unref();
    await this.renew();
  }
  /** One renewal (joined when one is in flight); a failure to reach the store leaves the lease to run out. */
  renew(): Promise<void> {
    this.renewing ??= this.tryRenew().finally(() => (this.renewing = null));
    return this.renewing;
  }

  /** A clean stop: gives the lease up so another replica need not wait out the TTL. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.renewing?.catch(() => undefined);
    const held = this.lease !== null;
    this.lease = null;
    this.report();
    if (held) await this.deps.store.releaseLease(this.deps.realmId, this.deps.holder).catch(() => undefined);
  }

  private async tryRenew(): Promise<void> {
    if (this.stopped) return;
    const asked = this.clock();
    try {
      const lease = await this.deps.store.acquireLease(this.deps.realmId, this.deps.holder, Math.floor(this.deps.ttlMs * GRANTED_PART));
      if (this.stopped) {
        // Stopped while asking: a lease granted meanwhile is given up too, so nobody waits for it to run out.
        if (lease !== null) await this.deps.store.releaseLease(this.deps.realmId, this.deps.holder).catch(() => undefined);
        return;
      }
      if (lease === null) {
        this.lease = null;
      } else {
        this.lease = { epoch: lease.epoch, validUntil: asked + this.deps.ttlMs * TRUSTED_PART };
      }
    } catch (err) {
      // Unreachable store: keep what we have; it lapses by the clock if no renewal succeeds in time.
      this.deps.logger.warn({ err }, 'could not renew the leader lease');
    }
    this.report();
  }

  /** Tells the owner about a change of role (checked after each renewal, and by whoever asks `role()`). */
  private report(): void {
    const role = this.role();
    const epoch = this.lease?.epoch ?? this.lastEpoch;
    const epochChanged = role === 'leader' && epoch !== this.lastEpoch;
    if (role === 'leader') this.lastEpoch = epoch;
    if (role === this.reported && !epochChanged) return;
    this.reported = role;
    this.deps.logger.info({ role, epoch }, role === 'leader' ? 'leading the company: this replica talks to QuickBooks for it' : 'following the company: another replica leads it');
    this.deps.onChange(role, epochChanged);
  }
}
