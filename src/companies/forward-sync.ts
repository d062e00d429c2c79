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
  const runId = await answerOf(() => deps.replication.syncRequestRun(request), TAKEN_WITHIN_MS);
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
  const parsed = JSON.parse(await answerOf(() => deps.replication.verifyRequestResult(request), VERIFIED_WITHIN_MS)) as VerifyAnswer;
  if ('report' in parsed) return parsed.report;
  throw new AppError('quickbooks_error', `The leader's verify failed: ${parsed.error.message}`);
}

/** Asks `probe` (50 ms doubling to 500 ms apart) until it answers; 503 `leader_unavailable` after `withinMs`. */
async function answerOf(probe: () => Promise<string | null>, withinMs: number): Promise<string> {
  const deadline = Date.now() + withinMs;
  for (let pause = 50; ; pause = Math.min(500, pause * 2)) {
    await sleep(pause);
    const answer = await probe();
    if (answer !== null) return answer;
    if (Date.now() > deadline) throw leaderUnavailable();
  }
}
