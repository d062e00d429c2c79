import { assessHealth, type HealthAssessment, type HealthFacts, type HealthPolicy, type HealthStatus } from './assess-health';

export interface CompanyFacts {
  readonly realmId: string;
  readonly facts: HealthFacts;
}

export interface ServiceAssessment extends HealthAssessment {
  /** Each company's own assessment, by realm id. */
  readonly companies: ReadonlyMap<string, HealthAssessment>;
}

const RANK: Record<HealthStatus, number> = { healthy: 0, degraded: 1, unhealthy: 2 };

/**
 * The service is as healthy as its least healthy company (README, Several companies). With several companies each
 * reason reads `<realmId>: <reason>`; with one, the reasons read as they always did. The cache age is the oldest.
 */
export function assessCompanies(companies: readonly CompanyFacts[], policy: HealthPolicy, now: Date): ServiceAssessment {
  const each = new Map(companies.map(({ realmId, facts }) => [realmId, assessHealth(facts, policy, now)] as const));
  let status: HealthStatus = 'healthy';
  const reasons: string[] = [];
  let cacheAgeMinutes: number | null = null;
  for (const [realmId, assessment] of each) {
    if (RANK[assessment.status] > RANK[status]) status = assessment.status;
    reasons.push(...assessment.reasons.map((reason) => (each.size > 1 ? `${realmId}: ${reason}` : reason)));
    if (assessment.cacheAgeMinutes !== null) cacheAgeMinutes = Math.max(cacheAgeMinutes ?? 0, assessment.cacheAgeMinutes);
  }
  return { status, reasons, cacheAgeMinutes, companies: each };
}
