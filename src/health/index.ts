export { assessHealth } from './assess-health';
export type { ConnectionState, HealthAssessment, HealthFacts, HealthPolicy, HealthStatus } from './assess-health';
