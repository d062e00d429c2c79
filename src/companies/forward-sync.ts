/**
 * A sync asked of a follower (README "Several replicas"): queued in the store for the company's leader, which starts
 * it (or joins the one it runs) and answers with the run's id. The follower then follows the run in the store's
 * history, so `wait=true` answers when the leader's run ends. A verify (it calls QuickBooks) goes the same way, and
 * the leader answers with its report.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../http';
import type { StoreReplication } from '../store';
import type { SyncRunView, SyncTrigger, VerifyReport } from '../sync';

/** How long a follower waits for a leader to take a request before answering 503. */
const TAKEN_WITHIN_MS = 15_000;
/** A verify's COUNT calls have 120 s on the leader (wiring/build-sync.ts); its answer is awaited a little longer. */
const VERIFIED_WITHIN_MS = 150_000;

const leaderUnavailable = () =>
  new AppError('leader_unavailable', 'No replica leads this company at the moment (its lease is being taken over); try again shortly', undefined, { 'Retry-After': '5' });

export interface ForwardDeps {
  readonly replication: StoreReplication;
  readonly realmId: string;
  readonly replicaId: string;
  /** The run as the store's history has it (SyncEngine.get). */
  readonly run: (id: string) => Promise<SyncRunView | null>;
}

export async function forwardSync(deps: ForwardDeps, mode: 'full' | 'incremental' | undefined, trigger: SyncTrigger): Promise<{ id: string; done: Promise<SyncRunView> }> {
  const request = await deps.replication.requestSync(deps.realmId, mode ?? null, trigger, deps.replicaId);
  const deadline = Date.now() + TAKEN_WITHIN_MS;
  let id: string | null = null;
  for (let pause = 50; id === null; pause = Math.min(500, pause * 2)) {
    if (Date.now() > deadline) throw leaderUnavailable();
    await sleep(pause);
    id = await deps.replication.syncRequestRun(request);
  }
  const runId = id;
  // Followed only when someone waits for it (`wait=true`): a webhook's or a connect's hand-off needs the id alone.
  let done: Promise<SyncRunView> | undefined;
  return {
    id: runId,
    get done() {
      return (done ??= finished(deps, runId));
    },
  };
}

async function finished(deps: ForwardDeps, id: string): Promise<SyncRunView> {
  for (;;) {
    const run = await deps.run(id);
    if (run !== null && run.status !== 'running') return run;
    await sleep(250);
  }
}

/** What a leader stores as its answer to a verify (VerifyAnswer), and a follower reads back. */
export type VerifyAnswer = { readonly report: VerifyReport } | { readonly error: { readonly name: string; readonly message: string } };

export async function forwardVerify(deps: Omit<ForwardDeps, 'run'>): Promise<VerifyReport> {
  const request = await deps.replication.requestVerify(deps.realmId, deps.replicaId);
  const deadline = Date.now() + VERIFIED_WITHIN_MS;
  for (let pause = 50; ; pause = Math.min(500, pause * 2)) {
    await sleep(pause);
    const answer = await deps.replication.verifyRequestResult(request);
    if (answer !== null) {
      const parsed = JSON.parse(answer) as VerifyAnswer;
      if ('report' in parsed) return parsed.report;
      throw new AppError('quickbooks_error', `The leader's verify failed: ${parsed.error.message}`);
    }
    if (Date.now() > deadline) throw leaderUnavailable();
  }
}

/** The triggers a queued request may carry (they come back from the database). */
export function isSyncTrigger(value: string): value is SyncTrigger {
  return (['manual', 'schedule', 'daily_full', 'webhook', 'connect', 'startup', 'leader_change'] satisfies SyncTrigger[]).includes(value as SyncTrigger);
}

