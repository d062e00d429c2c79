/**
 * The entry of a data thread of one company's own (data-channel.ts `ownDataThread`): a full sync's pull, or a large
 * company's data (data-slot.ts). Closing its port, or terminating it, ends the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serveData } from './data-slot';
import type { DataThreadData } from './protocol';

if (parentPort) void serveData(parentPort, workerData as DataThreadData, 'own');
