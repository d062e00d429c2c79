// The status page: connection, cache and sync status, Connect and Refresh, and the typeahead box.
// It uses only the HTTP API (README, HTTP API), so it shows what any other client would see.
import { adminJson, ApiError, getJson } from './api.js';
import { formatMoment } from './format.js';
import { createCompanyPicker } from './companies.js';
import { createTypeahead } from './typeahead.js';

const POLL_IDLE_MS = 5_000;
// Admin routes are rate-limited per client IP (src/http/middleware/rate-limit.ts), so a long sync is followed at a gentle pace;
// a small company usually finishes before the second look.
const POLL_SYNC_FIRST_MS = 250;
const POLL_SYNC_MS = 1_500;

const $ = (id) => document.getElementById(id);

const CONNECTION_TEXT = {
  connected: 'Connected',
  not_connected: 'Not connected',
  company_required: 'Several companies: choose one',
  reconnect_required: 'Reconnect required',
};

let syncWatch = null; // the id of the sync this page started and is following, if any
let pollTimer = null;
let externalSync = false; // the progress bar shows a sync this page did not start

const companyPicker = createCompanyPicker({
  picker: $('company-picker'),
  row: $('company-row'),
  onChange: () => void Promise.all([loadStatus(), loadIndexes()]),
});
const apiBase = () => companyPicker.apiBase();

const typeahead = createTypeahead({
  apiBase,
  input: $('search-input'),
  list: $('search-results'),
  picker: $('index-picker'),
  status: $('search-status'),
  details: $('record-details'),
  detailsTitle: $('record-title'),
  detailsFields: $('record-fields'),
});

function showError(message) {
  const box = $('page-error');
  box.textContent = message ?? '';
  box.hidden = !message;
}

function renderHealth(health) {
  const badge = $('health-badge');
  badge.textContent = health.status;
  badge.dataset.status = health.status;
  $('health-status').textContent = health.status;
  $('mode').textContent = health.mode;
  $('mode-badge').textContent = `${health.mode} mode`;
  $('mode-badge').hidden = false;
  $('version').textContent = `qbo-cache ${health.version}`;
  $('health-reasons').replaceChildren(
    ...(health.reasons ?? []).map((reason) => {
      const li = document.createElement('li');
      li.textContent = reason;
      return li;
    }),
  );
}

/** The shown company's connection: from the company list when the page may read it, else from health. */
function renderConnection(connection) {
  const state = $('connection-state');
  state.textContent = CONNECTION_TEXT[connection] ?? connection;
  state.dataset.state = connection;
  const connect = $('connect-button');
  connect.hidden = connection === 'connected' || connection === 'company_required';
  connect.textContent = connection === 'reconnect_required' ? 'Reconnect to QuickBooks' : 'Connect to QuickBooks';
  $('add-company-button').hidden = !connect.hidden;
}

function connectionOf(health, cache) {
  return companyPicker.connection(cache?.company_id) ?? health.connection ?? (health.authenticated ? 'connected' : 'not_connected');
}

/** One count per cached entity (`counts`), each in `#count-<entity>`: `purchase_orders` shows as "Purchase orders". */
function renderCounts(counts) {
  const list = $('counts');
  for (const [entity, count] of Object.entries(counts ?? {})) {
    let value = document.getElementById(`count-${entity}`);
    if (!value) {
      const row = document.createElement('div');
      const label = document.createElement('dt');
      const words = entity.replace(/_/g, ' ');
      label.textContent = words.charAt(0).toUpperCase() + words.slice(1);
      value = document.createElement('dd');
      value.id = `count-${entity}`;
      row.append(label, value);
      list.append(row);
    }
    value.textContent = formatCount(count);
  }
}

function renderCache(cache) {
  renderCounts(cache.counts);
  $('cache-state').textContent = cache.state;
  $('cache-state').dataset.state = cache.state;
  if (cache.company_id) $('company-id').textContent = cache.company_id;
  setMoment($('last-updated'), cache.last_updated);
  setMoment($('next-refresh'), cache.next_refresh_at);
  const last = cache.last_sync;
  $('last-sync').textContent = last ? `${last.mode} sync ${last.status}${last.finished_at ? `, ${formatMoment(last.finished_at).text}` : ''}` : 'none yet';
  if (last?.error) $('last-sync').textContent += ` (${last.error})`;
  // A sync started elsewhere (schedule, webhook, another client): show it, from the public status alone.
  if (syncWatch) return;
  if (cache.state === 'refreshing') {
    externalSync = true;
    showProgress(last?.status === 'running' ? last : null, 'A sync is running');
  } else if (externalSync) {
    externalSync = false;
    hideProgress();
    $('sync-status').textContent = last ? describeFinished(last) : '';
  }
}

function formatCount(value) {
  return typeof value === 'number' ? value.toLocaleString() : '—';
}

function setMoment(element, iso) {
  const moment = formatMoment(iso);
  element.textContent = moment.text;
  if (iso) element.title = iso;
  else element.removeAttribute('title');
}

function showProgress(run, label) {
  $('sync-progress').hidden = false;
  const bar = $('sync-progress-bar');
  const progress = run?.progress;
  if (progress && progress.total > 0) {
    bar.value = progress.percentage;
    $('sync-status').textContent = `${label}: ${progress.completed.toLocaleString()} of ${progress.total.toLocaleString()} records (${progress.percentage}%)`;
  } else {
    bar.removeAttribute('value'); // indeterminate until the sync knows its total
    $('sync-status').textContent = `${label}…`;
  }
  $('refresh-button').disabled = true;
}

function hideProgress() {
  $('sync-progress').hidden = true;
  $('refresh-button').disabled = false;
}

async function loadStatus() {
  try {
    const [health, cache] = await Promise.all([getJson('/api/health'), getJson(`${apiBase()}/cache/status`).catch(companyProblem), companyPicker.load()]);
    renderHealth(health);
    if (typeof cache === 'string') {
      // The default company is not connected (404), or several are and none is the default (409).
      renderConnection(cache);
      $('company-id').textContent = '—';
    } else {
      renderConnection(connectionOf(health, cache));
      renderCache(cache);
    }
    showError(null);
    $('page-updated').textContent = new Date().toLocaleTimeString();
  } catch (err) {
    showError(`Could not read the service status: ${err.message}`);
  }
}

/** A cache status that names no company: 'not_connected' (unknown_company) or 'company_required'; else rethrown. */
function companyProblem(err) {
  if (err instanceof ApiError && err.code === 'unknown_company') return 'not_connected';
  if (err instanceof ApiError && err.code === 'company_required') return 'company_required';
  throw err;
}

async function loadIndexes() {
  try {
    const body = await getJson(`${apiBase()}/indexes/status`);
    typeahead.setIndexes(body.available_indexes ?? Object.keys(body.indexes ?? {}), body.indexes);
  } catch (err) {
    // No company to show (the connection card says why): nothing to search.
    if (err instanceof ApiError && (err.code === 'unknown_company' || err.code === 'company_required')) typeahead.setIndexes([], {});
    else showError(`Could not list the search indexes: ${err.message}`);
  }
}

/** Polls quickly while a sync runs (state=refreshing), slowly otherwise. */
function schedulePoll() {
  clearTimeout(pollTimer);
  const refreshing = $('cache-state').dataset.state === 'refreshing';
  pollTimer = setTimeout(async () => {
    await loadStatus();
    schedulePoll();
  }, refreshing ? 1_000 : POLL_IDLE_MS);
}

async function connect() {
  try {
    const body = await adminJson('/api/auth/connect', { method: 'POST' });
    window.location.assign(body.authorize_url);
  } catch (err) {
    showError(`Could not start the connection: ${err.message}`);
  }
}

async function refresh() {
  const mode = $('refresh-full').checked ? '&mode=full' : '';
  showProgress(null, 'Starting the sync');
  syncWatch = 'starting';
  externalSync = false;
  try {
    const started = await adminJson(`${apiBase()}/cache/refresh?wait=false${mode}`, { method: 'POST' });
    syncWatch = started.sync_id;
    await followSync(started.status_url ?? `/api/sync/${encodeURIComponent(started.sync_id)}`);
  } catch (err) {
    hideProgress();
    $('sync-status').textContent = err instanceof ApiError && err.status === 401 ? 'Refresh cancelled: no admin key.' : `Refresh failed: ${err.message}`;
  } finally {
    syncWatch = null;
    await loadStatus();
    await loadIndexes();
  }
}

async function followSync(statusUrl) {
  let delay = POLL_SYNC_FIRST_MS;
  for (;;) {
    await sleep(delay);
    delay = POLL_SYNC_MS;
    let run;
    try {
      run = await adminJson(statusUrl);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 429) throw err;
      return followViaCacheStatus(); // rate-limited: the public status still tells when the sync ends
    }
    if (run.status !== 'running') {
      hideProgress();
      $('sync-status').textContent = describeFinished(run);
      return;
    }
    showProgress(run, `${run.mode === 'full' ? 'Full' : 'Incremental'} sync running`);
  }
}

async function followViaCacheStatus() {
  for (;;) {
    const cache = await getJson(`${apiBase()}/cache/status`);
    if (cache.state !== 'refreshing') {
      hideProgress();
      $('sync-status').textContent = cache.last_sync ? describeFinished(cache.last_sync) : 'Sync finished.';
      return;
    }
    showProgress(cache.last_sync?.status === 'running' ? cache.last_sync : null, 'Sync running');
    await sleep(POLL_SYNC_MS);
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describeFinished(run) {
  const seconds = run.started_at && run.finished_at ? (Date.parse(run.finished_at) - Date.parse(run.started_at)) / 1000 : null;
  const took = seconds === null ? '' : ` in ${seconds.toFixed(1)} s`;
  if (run.status === 'succeeded') {
    const records = typeof run.records === 'number' ? run.records : run.progress?.completed;
    return `Sync finished${took}: ${records ?? 0} records, ${run.api_calls ?? 0} API calls.`;
  }
  return `Sync ${run.status}${took}${run.error ? `: ${run.error}` : ''}. The cache is unchanged.`;
}

$('connect-button').addEventListener('click', connect);
$('add-company-button').addEventListener('click', connect);
$('refresh-button').addEventListener('click', refresh);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') loadStatus();
});

await Promise.all([loadStatus(), loadIndexes()]);
schedulePoll();
