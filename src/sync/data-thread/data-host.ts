/**
 * The entry of a data thread that small companies share (shared-data-threads.ts): each company's data arrives as a
 * message with the company's own port, and is served over it (data-slot.ts) until the serving side closes the port.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { serveData } from './data-slot';
import type { DataThreadData } from './protocol';

/** What the serving side sends to add a company's data to this thread. */
export interface HostedData {
  readonly data: DataThreadData;
  readonly port: MessagePort;
}

parentPort?.on('message', ({ data, port }: HostedData) => void serveData(port, data, 'shared'));
