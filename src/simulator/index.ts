/**
 * The bundled QuickBooks simulator: Intuit-shaped OAuth and the v3 API over a deterministic generated company, with
 * control hooks for tests. Demo mode, the frontend sandbox (`npm run simulator`) and every integration test use it.
 */
export { createSimulator, SIMULATOR_DEFAULTS } from './create-simulator';
export { SIM_FIXTURES, type SimFixtures } from './generator/fixtures';
export { SIM_ENTITIES, type SimEntity } from './entities';
export { SimulatorControlError } from './record-defaults';
export type { CompanySizes } from './generator/generate-company';
export type { FaultHandle, FaultKind, FaultMatch, FaultSpec } from './http/fault-injection';
export type { SimulatorCounters } from './http/counters';
export type { JsonObject, JsonValue } from './json';
export type {
  RunningSimulator, Simulator, SimulatorControl, SimulatorEndpoints, SimulatorOptions,
} from './types';
