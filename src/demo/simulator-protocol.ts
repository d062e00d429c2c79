/**
 * The messages between the serving thread and the thread the demo's simulator runs in (simulator-thread.ts). Only
 * plain values cross: what the simulator is made from, where it listens, and its log lines.
 */
import type { LogLevel } from '../config';
import type { CompanySizes, SimulatorEndpoints } from '../simulator';

export interface SimulatorThreadData {
  readonly seed: number;
  readonly sizes: CompanySizes;
  readonly redirectUris: readonly string[];
  readonly host: string;
  /** 0 in demo mode: any free port. */
  readonly port: number;
  readonly logLevel: LogLevel;
}

/** What the serving thread needs to point the service's config at the simulator. */
export interface SimulatorAddress {
  readonly url: string;
  readonly endpoints: SimulatorEndpoints;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly realmId: string;
}

export type FromSimulatorThread =
  | ({ readonly type: 'listening' } & SimulatorAddress)
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'log'; readonly line: string };

/** After `close` the thread stops listening, drops its connections and exits by itself. */
export type ToSimulatorThread = { readonly type: 'close' };
