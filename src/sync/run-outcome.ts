/** How a sync run ends when it does not succeed: the cancel error and the words its history records. */

export class SyncCancelledError extends Error {
  override readonly name = 'SyncCancelledError';
  /** What the run's history records as its error. */
  constructor(readonly reason = 'cancelled') {
    super(`the sync was cancelled (${reason})`);
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
