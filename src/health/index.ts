export { assessHealth } from './assess-health';
export type { ConnectionState, HealthAssessment, HealthFacts, HealthPolicy, HealthStatus } from './assess-health';
export { assessCompanies, type CompanyFacts, type ServiceAssessment } from './assess-companies';
