/** How a sync run ends when it does not succeed: the cancel error and the words its history records. */

export class SyncCancelledError extends Error {
  override readonly name: string = 'SyncCancelledError';
  /** What the run's history records as its error. */
  constructor(readonly reason = 'cancelled') {
    super(`the sync was cancelled (${reason})`);
  }
}

/** What a run's history records when its replica stopped leading the company during it (README "Several replicas"). */
export const LEADER_LOST = 'leader lost';

/** The replica stopped leading the company: the run is recorded failed ("leader lost"), and the new leader runs it again. */
export class LeaderLostError extends SyncCancelledError {
  override readonly name = 'LeaderLostError';
  constructor() {
    super(LEADER_LOST);
  }
}

/** `cancelled`, or why the engine itself discarded the run (the company was disconnected meanwhile). */
export function cancelReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof SyncCancelledError ? reason.reason : 'cancelled';
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : 'unknown error';
}
