/**
 * The connected companies (README, Several companies): one `Company` per realm, each with its own tokens, data
 * thread, sync engine, limiter and health. Nothing above this holds "the" company: the routes resolve one per
 * request (`resolve`), the schedules run for each in turn (spread over half their interval), webhooks go to the
 * event's realm.
 */
import type { Logger } from 'pino';
import type { TokenSet } from '../auth';
import type { Config } from '../config';
import { AppError, type CompanyDirectory } from '../http';
import { cronIntervalMs, scheduleSyncJobs, scheduleTokenCheck, spreadOffsetMs, type Scheduler } from '../jobs';
import type { SyncRunView } from '../sync';
import { Company, type CompanyDeps } from './company';
import { followTheStore } from './follow-the-store';
import type { ReplicaHost } from './replica-role';
import { SnapshotFollower } from './snapshot-follower';

export interface CompanyRegistry extends CompanyDirectory {
  /** Loads the stored companies; with none stored, the headless bootstrap (QUICKBOOKS_REALM_ID) if configured. */
  init(): Promise<void>;
  resolve(realmId: string | undefined): Company;
  list(): readonly Company[];
  get(realmId: string): Company | undefined;
  /** The company the unscoped routes answer for, or null when they answer 404 or 409. */
  defaultCompany(): Company | null;
  /** A connect flow's tokens (already stored): a new company, or a reconnected one that keeps its data. */
  adopt(tokens: TokenSet): Promise<void>;
  /** A sync of any company, running or recorded. */
  findSync(id: string): Promise<SyncRunView | null>;
  cancelSync(id: string): boolean;
  /** After the server listens: each company serves its stored snapshot and starts its first sync; the schedules start. */
  start(scheduler: Scheduler): Promise<void>;
  /** Cancels running syncs and waits for them. */
  stop(): Promise<void>;
  close(): void;
}

export type RegistryDeps = Omit<CompanyDeps, 'onGone' | 'nextRefreshAt' | 'replicas'> & {
  readonly logger: Logger;
  readonly config: Config;
  /** A company was disconnected and its data deleted (its read keys are forgotten). */
  readonly onDisconnected?: (realmId: string) => void;
  /** With a shared store, at each poll of it (follow-the-store.ts): re-read what other replicas may have changed. */
  readonly onStorePoll?: () => Promise<void>;
  /**
   * With a shared store, on the leader of a company: webhook events a follower received for it, handed over through
   * the store's queue. They join this replica's own webhook debounce (webhooks/webhook-trigger.ts).
   */
  readonly onForwardedWebhook?: (realmId: string) => void;
};

export function createCompanyRegistry(deps: RegistryDeps): CompanyRegistry {
  const { config } = deps;
  const companies = new Map<string, Company>();
  let scheduler: Scheduler | null = null;
  const refreshIntervalMs = cronIntervalMs(config.schedules.cacheRefreshCron);
  const tokenIntervalMs = cronIntervalMs(config.schedules.tokenCheckCron);
  const jobLog = deps.logger.child({ component: 'jobs' });

  const list = (): Company[] => [...companies.values()];
  const replication = deps.store.replication;
  const follower = replication ? new SnapshotFollower(replication, deps.logger.child({ component: 'replicas' })) : null;
  const catchUp = async (host: ReplicaHost): Promise<void> => {
    if (!replication || !follower) return;
    const head = (await replication.heads()).find((each) => each.realmId === host.realmId);
    if (head) await follower.catchUp({ realmId: host.realmId, runtime: host.runtime() }, head);
  };
  const companyDeps: CompanyDeps = {
    ...deps,
    ...(replication && follower ? { replicas: { replication, follower, catchUp, webhookArrived: (realmId: string) => deps.onForwardedWebhook?.(realmId) } } : {}),
    nextRefreshAt(realmId) {
      const next = scheduler?.nextRun('cache-refresh');
      if (!next) return null;
      const realms = [...companies.keys()];
      return new Date(next.getTime() + spreadOffsetMs(Math.max(0, realms.indexOf(realmId)), realms.length, refreshIntervalMs / 2));
    },
    onGone(company) {
      if (company.realmId === null || companies.get(company.realmId) !== company) return;
      companies.delete(company.realmId);
      deps.onDisconnected?.(company.realmId);
    },
  };
  // Answers the unscoped routes while no company is connected, exactly as a service without one always did.
  let vacant: Company | null = null;
  let following: { stop(): Promise<void> } | null = null;
  const vacancy = (): Company => (vacant ??= new Company(null, companyDeps));

  const add = async (realmId: string): Promise<Company> => {
    const company = new Company(realmId, companyDeps);
    companies.set(realmId, company);
    await company.tokenManager.init();
    return company;
  };

  const realmList = () => ({ companies: list().map((company) => company.realmId) });
  const defaultCompany = (): Company | null => {
    const fallback = config.quickbooks.defaultRealmId;
    if (fallback !== undefined) return companies.get(fallback) ?? null;
    return companies.size === 1 ? (companies.values().next().value as Company) : null;
  };

  return {
    async init() {
      for (const realmId of await deps.store.listCompanies()) await add(realmId);
      const { bootstrap } = config.quickbooks;
      if (companies.size === 0 && bootstrap) {
        const company = await add(bootstrap.realmId);
        if (!(await company.tokenManager.bootstrap(bootstrap.refreshToken))) {
          companies.delete(bootstrap.realmId);
          company.close();
        }
      }
      deps.logger.info({ companies: companies.size }, 'companies loaded');
    },
    get: (realmId) => companies.get(realmId),
    defaultCompany,
    list,
    resolve(realmId) {
      if (realmId !== undefined) {
        const company = companies.get(realmId);
        if (!company) throw new AppError('unknown_company', `No connected company has the id "${realmId}"`);
        return company;
      }
      const chosen = defaultCompany();
      if (chosen) return chosen;
      if (companies.size === 0) return vacancy();
      const fallback = config.quickbooks.defaultRealmId;
      if (fallback !== undefined) throw new AppError('unknown_company', `The default company (QUICKBOOKS_DEFAULT_REALM_ID ${fallback}) is not connected`, realmList());
      throw new AppError('company_required', 'Several companies are connected: use /api/companies/{realmId}/… or set QUICKBOOKS_DEFAULT_REALM_ID', realmList());
    },
    async adopt(tokens) {
      // Listed in the store first: a poll of a shared store that read the list before this must not find the company
      // in the map and take it for one disconnected elsewhere.
      await deps.store.addCompany(tokens.realmId);
      const known = companies.get(tokens.realmId);
      const company = known ?? new Company(tokens.realmId, companyDeps);
      if (!known) companies.set(tokens.realmId, company);
      await company.tokenManager.adoptConnection(tokens);
    },
    async findSync(id) {
      for (const company of list()) {
        const live = company.sync.live(id);
        if (live) return live;
      }
      return vacancy().sync.get(id); // every company's runs are recorded in the store
    },
    cancelSync(id) {
      return list().some((company) => company.sync.cancel(id));
    },
    async start(given) {
      scheduler = given;
      const spread = { list, spreadMs: refreshIntervalMs / 2 };
      // A follower refreshes nothing: it re-reads the tokens its leader keeps fresh (and so does a leader waiting for a
      // reconnect, which may come through another replica).
      scheduleTokenCheck(given, config.schedules.tokenCheckCron, tokenIntervalMs / 2, list, (company) =>
        (company.role() === 'leader' && company.tokenManager.status().connection === 'connected' ? company.tokenManager.refreshIfDue() : company.tokenManager.init()).catch((err: unknown) => jobLog.error({ err, realmId: company.realmId, job: 'token-check' }, 'scheduled job failed')),
      );
      scheduleSyncJobs(given, config.schedules, spread, (company, mode, trigger) => company.trySync(mode, trigger));
      // One after another: each warm start loads a data thread, and fifty at once would contend for the cores.
      for (const company of list()) await company.start();
      // Then the replica follows the store: each company's commits, companies connected or disconnected elsewhere.
      if (replication && follower) {
        following = followTheStore({
          replication,
          follower,
          logger: deps.logger.child({ component: 'replicas' }),
          companies: () => companies,
          listCompanies: () => deps.store.listCompanies(),
          companyName: (realmId) => deps.store.getCompanyName(realmId),
          added: async (realmId) => {
            if (companies.has(realmId)) return;
            const company = await add(realmId);
            await company.start();
          },
          gone: (company) => company.goneElsewhere(),
          onPoll: deps.onStorePoll,
        });
      }
    },
    async stop() {
      await following?.stop();
      await Promise.all([...list(), ...(vacant ? [vacant] : [])].map((company) => company.stop()));
    },
    close() {
      for (const company of [...list(), ...(vacant ? [vacant] : [])]) company.close();
    },
  };
}
