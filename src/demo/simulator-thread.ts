/**
 * The thread the demo's QuickBooks simulator runs in (started by run-simulator-thread.ts). QuickBooks is remote for
 * a live service; here the simulator's work (generating the company, building each 1,000-record page of a full
 * sync's pull) happens on this thread's event loop and heap, so the serving thread answers searches as it would for
 * a live user (docs/ARCHITECTURE.md, Threads).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createThreadLogger } from '../logging';
import { createSimulator, type RunningSimulator, type Simulator } from '../simulator';
import type { FromSimulatorThread, SimulatorThreadData, ToSimulatorThread } from './simulator-protocol';

async function main(port: NonNullable<typeof parentPort>, data: SimulatorThreadData): Promise<void> {
  const post = (message: FromSimulatorThread) => port.postMessage(message);
  const logger = createThreadLogger(data.logLevel, (line) => post({ type: 'log', line }));
  let running: RunningSimulator | undefined;
  let simulator: Simulator | undefined;
  // With the server closed and the port closed, nothing is left on this thread's event loop: it exits.
  port.on('message', (message: ToSimulatorThread) => {
    if (message.type === 'close') void (running?.close() ?? Promise.resolve()).finally(() => port.close());
    if (message.type === 'pick') {
      simulator?.control.connectNextTo(message.realmId);
      post({ type: 'picked', realmId: message.realmId });
    }
  });
  try {
    simulator = createSimulator({ seed: data.seed, sizes: data.sizes, moreCompanies: data.moreCompanies, redirectUris: data.redirectUris, logger });
    running = await simulator.listen(data.port, data.host);
    const { url, endpoints } = running;
    const { clientId, clientSecret, realmId, realmIds } = simulator;
    post({ type: 'listening', url, endpoints, clientId, clientSecret, realmId, realmIds });
  } catch (err) {
    post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
    port.close();
  }
}

if (parentPort) void main(parentPort, workerData as SimulatorThreadData);
