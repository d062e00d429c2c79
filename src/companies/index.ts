export { Company, type CompanyDeps } from './company';
export { createCompanyRegistry, type CompanyRegistry, type RegistryDeps } from './registry';
