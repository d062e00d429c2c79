/**
 * The messages between the serving thread and the thread the demo's simulator runs in (simulator-thread.ts). Only
 * plain values cross: what the simulator is made from, where it listens, and its log lines.
 */
import type { LogLevel } from '../config';
import type { CompanySizes, SimulatorEndpoints } from '../simulator';

export interface SimulatorThreadData {
  readonly seed: number;
  readonly sizes: CompanySizes;
  /** The second company's realm id, seed and sizes (demo mode connects both). */
  readonly moreCompanies: readonly { readonly realmId: string; readonly seed: number; readonly sizes: CompanySizes }[];
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
  /** Every company's realm id, the first company first. */
  readonly realmIds: readonly string[];
}

export type FromSimulatorThread =
  | ({ readonly type: 'listening' } & SimulatorAddress)
  /** The company of the next authorization is picked (answers `pick`). */
  | { readonly type: 'picked'; readonly realmId: string }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'log'; readonly line: string };

/**
 * `pick`: the simulated user connects this company at the next authorization. After `close` the thread stops
 * listening, drops its connections and exits by itself.
 */
export type ToSimulatorThread = { readonly type: 'close' } | { readonly type: 'pick'; readonly realmId: string };
