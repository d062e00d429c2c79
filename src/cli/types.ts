/** The JSON shapes the CLI reads (README "HTTP API"); kept here so the CLI does not load the server's modules. */

export interface HealthBody {
  status: string;
  version: string;
  mode: string;
  connection: string;
  cache_age_minutes: number | null;
  reasons: string[];
}

export interface SyncRun {
  id: string;
  mode: string;
  status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  trigger?: string;
  progress: { completed: number; total: number | null; percentage: number | null };
  records_per_second: number;
  started_at: string;
  finished_at: string | null;
  api_calls: number;
  records: number;
  deleted: number;
  error: string | null;
}

export interface CacheStatusBody {
  last_updated: string | null;
  customers_count: number;
  vendors_count: number;
  items_count: number;
  invoices_count: number;
  /** Records per cached entity (absent from services that predate it). */
  counts?: Record<string, number>;
  state: string;
  company_id: string | null;
  synced_through: string | null;
  last_sync: SyncRun | null;
  next_refresh_at: string | null;
}

export interface RefreshStarted {
  sync_id: string;
  status_url: string;
}

export interface VerifyBody {
  ok: boolean;
  checked_at: string;
  entities: Record<string, { cached: number; remote: number; ok: boolean }>;
}

export type SearchHit = { id: string; name: string; type: string; active: boolean } & Record<string, unknown>;

export interface SearchBody {
  query: string;
  index: string;
  results: SearchHit[];
  total: number;
}

/** `GET /api/search` (every index, or those named). */
export interface MultiSearchBody {
  query: string;
  groups: Array<{ index: string; results: SearchHit[]; total: number }>;
}

export interface ConnectBody {
  authorize_url: string;
  expires_at: string;
}

export interface CompaniesBody {
  companies: {
    realm_id: string;
    company_name: string | null;
    connected: boolean;
    state: string;
    counts: Record<string, number>;
    last_sync: SyncRun | null;
    health: string;
    reasons: string[];
  }[];
}
