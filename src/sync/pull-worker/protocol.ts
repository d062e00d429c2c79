/**
 * The messages between the serving thread and the thread that pulls a full sync (pull-thread.ts). Everything the
 * pull needs that must stay single per process (the access token, the realm's rate limiter, metrics, the log) is
 * asked of the serving thread; everything heavy (QuickBooks' JSON, normalizing, the store rows) stays there.
 */
import type { EntityName, QboCallEvent, RecordByEntity } from '../../qbo';
import type { GenerationTarget } from '../../store';

export interface PullThreadData {
  readonly target: GenerationTarget;
  /** The entities to pull (the enabled ones, or only those newly enabled). */
  readonly entities: readonly EntityName[];
  readonly qbo: {
    readonly apiBaseUrl: string;
    readonly minorVersion: number;
    readonly retry: { readonly maxAttempts: number; readonly baseDelayMs: number; readonly maxDelayMs: number };
    readonly timeoutMs: number;
  };
  readonly logLevel: string;
}

/** An error as it crosses threads: its class name (`QboThrottleError`, `StoreWriteAbandonedError`…) and message. */
export interface ErrorShape {
  readonly name: string;
  readonly message: string;
  /** What the log's error serializer keeps besides (logging/error-serializer.ts): QBO's status, code and intuit_tid. */
  readonly status?: number;
  readonly code?: string | number;
  readonly intuitTid?: string;
}

export type FromPullThread =
  | { readonly type: 'token'; readonly id: number; readonly rejected?: string }
  | { readonly type: 'acquire' | 'release' | 'abandon'; readonly id: number }
  | { readonly type: 'call'; readonly event: QboCallEvent }
  | { readonly type: 'log'; readonly line: string }
  | { readonly type: 'total'; readonly total: number }
  | PageMessage
  | { readonly type: 'done' }
  | { readonly type: 'failed'; readonly error: ErrorShape };

/** Part of a page: each entity's records with its own record type (structured clone keeps their shape). */
export type PageMessage = {
  readonly [E in EntityName]: {
    readonly type: 'page';
    readonly entity: E;
    readonly fetched: number;
    readonly records: readonly { readonly id: string; readonly record: RecordByEntity[E] }[];
  };
}[EntityName];

export type ToPullThread =
  | { readonly type: 'token'; readonly id: number; readonly token?: string; readonly error?: ErrorShape }
  | { readonly type: 'granted'; readonly id: number }
  | { readonly type: 'denied'; readonly id: number; readonly error: ErrorShape }
  | { readonly type: 'cancel' };

export function errorShape(error: unknown): ErrorShape {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { status, code, intuitTid } = error as Error & Record<string, unknown>;
  return {
    name: error.name,
    message: error.message,
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof intuitTid === 'string' ? { intuitTid } : {}),
  };
}

/** An Error carrying the crossing error's name, message and QBO fields (its class does not cross). */
export function errorFrom(shape: ErrorShape): Error {
  const { name, message, ...fields } = shape;
  const error = Object.assign(new Error(message), fields);
  error.name = name;
  return error;
}
