// The typeahead box: an ARIA 1.2 combobox over GET /api/search/:index, or over GET /api/search (every index, results
// grouped by index) when "all" is picked. Requests are debounced, a newer keystroke aborts the older request, and
// answers that arrive out of order are dropped.
import { ApiError, getJson } from './api.js';
import { appendHighlighted } from './highlight.js';

const DEBOUNCE_MS = 120;
const LIMIT = 15;
/** The picker's value for "every index" and the results per group then. */
const ALL = '*';
const LIMIT_PER_GROUP = 5;

/** Fields shown on the second line of a result, per record type (the result fields of README, Search). */
const SUMMARY_FIELDS = {
  customer: ['company_name', 'email'],
  vendor: ['company_name', 'email'],
  item: ['sku', 'item_type', 'unit_price'],
  invoice: ['customer_name', 'txn_date', 'total'],
  client_po: ['doc_number', 'customer_name', 'txn_date'],
  estimate: ['customer_name', 'status', 'txn_date', 'total'],
  purchase_order: ['vendor_name', 'status', 'txn_date', 'total'],
  bill: ['vendor_name', 'due_date', 'balance'],
};

export function createTypeahead({ input, list, picker, status, details, detailsTitle, detailsFields, apiBase = () => '/api' }) {
  let results = [];
  let active = -1;
  let timer = null;
  let controller = null;
  let seq = 0;
  let lastQuery = '';

  function setIndexes(names, counts) {
    const current = picker.value;
    const all = document.createElement('option');
    all.value = ALL;
    all.textContent = 'all indexes';
    picker.replaceChildren(
      ...names.map((name) => {
        const option = document.createElement('option');
        option.value = name;
        option.textContent = counts && name in counts ? `${name} (${counts[name]})` : name;
        return option;
      }),
      all,
    );
    if (names.includes(current) || current === ALL) picker.value = current;
  }

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function open() {
    if (results.length === 0) return close();
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function setActive(index) {
    const options = list.querySelectorAll('[role="option"]');
    if (options.length === 0) return;
    active = (index + options.length) % options.length;
    options.forEach((option, i) => option.setAttribute('aria-selected', String(i === active)));
    const current = options[active];
    input.setAttribute('aria-activedescendant', current.id);
    current.scrollIntoView({ block: 'nearest' });
  }

  function render(query) {
    list.replaceChildren(
      ...results.flatMap((record, i) => {
        // "all": a heading before the first result of each index.
        const heading = record.group !== undefined && record.group !== results[i - 1]?.group ? [groupHeading(record.group)] : [];
        const option = document.createElement('li');
        option.id = `search-option-${i}`;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.className = record.active === false ? 'option inactive' : 'option';
        const name = appendHighlighted(document.createElement('span'), record.name ?? '', query);
        name.className = 'option-name';
        option.append(name);
        if (record.active === false) {
          const badge = document.createElement('span');
          badge.className = 'tag';
          badge.textContent = 'inactive';
          option.append(badge);
        }
        const summary = summaryOf(record);
        if (summary) {
          const line = appendHighlighted(document.createElement('span'), summary, query);
          line.className = 'option-summary';
          option.append(line);
        }
        // mousedown, not click: it fires before the input's blur closes the list.
        option.addEventListener('mousedown', (event) => {
          event.preventDefault();
          select(i);
        });
        return [...heading, option];
      }),
    );
    list.dataset.query = query; // which query the shown options answer (tests wait on it)
    active = -1;
    open();
  }

  function select(index) {
    const record = results[index];
    if (!record) return;
    showDetails(record);
    close();
  }

  function showDetails(record) {
    detailsTitle.textContent = record.active === false ? `${record.name} (inactive)` : String(record.name);
    detailsFields.replaceChildren(
      ...Object.entries(record).filter(([key]) => key !== 'group').flatMap(([key, value]) => {
        const dt = document.createElement('dt');
        dt.textContent = key;
        const dd = document.createElement('dd');
        dd.textContent = value === null || value === undefined ? '—' : String(value);
        return [dt, dd];
      }),
    );
    details.hidden = false;
  }

  async function search(query) {
    const mine = ++seq;
    controller?.abort();
    controller = new AbortController();
    const all = picker.value === ALL;
    const q = encodeURIComponent(query);
    const base = apiBase();
    const url = all ? `${base}/search?q=${q}&limit=${LIMIT_PER_GROUP}` : `${base}/search/${encodeURIComponent(picker.value)}?q=${q}&limit=${LIMIT}`;
    try {
      const body = await getJson(url, { signal: controller.signal });
      if (mine !== seq) return;
      results = all ? flattenGroups(body.groups) : Array.isArray(body.results) ? body.results : [];
      status.textContent = results.length === 0 ? 'No matches.' : `${results.length} result${results.length === 1 ? '' : 's'}.`;
      render(query);
    } catch (err) {
      if (mine !== seq || (err && err.name === 'AbortError')) return;
      results = [];
      close();
      status.textContent = err instanceof ApiError && err.code === 'cache_not_ready' ? 'The cache is still loading…' : `Search failed: ${err.message}`;
    }
  }

  function schedule() {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query === lastQuery && !list.hidden) return;
    lastQuery = query;
    if (query.length === 0) {
      seq++;
      controller?.abort();
      results = [];
      status.textContent = '';
      return close();
    }
    timer = setTimeout(() => search(query), DEBOUNCE_MS);
  }

  input.addEventListener('input', schedule);
  picker.addEventListener('change', () => {
    lastQuery = '';
    schedule();
    input.focus();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (list.hidden) return open();
      const up = event.key === 'ArrowUp';
      setActive(active === -1 && up ? -1 : active + (up ? -1 : 1));
    } else if (event.key === 'Enter') {
      if (!list.hidden && active >= 0) {
        event.preventDefault();
        select(active);
      }
    } else if (event.key === 'Escape') {
      if (!list.hidden) {
        event.preventDefault();
        close();
      }
    }
  });
  input.addEventListener('blur', close);
  // Reopen on focus only when the list still answers what the box holds.
  input.addEventListener('focus', () => input.value.trim() === lastQuery && lastQuery && open());

  return { setIndexes };
}

/** The groups of GET /api/search as one list, each result tagged with its index (`group`, not shown in details). */
function flattenGroups(groups) {
  if (!Array.isArray(groups)) return [];
  return groups.flatMap((group) => (Array.isArray(group.results) ? group.results.map((record) => ({ ...record, group: group.index })) : []));
}

function groupHeading(index) {
  const heading = document.createElement('li');
  heading.setAttribute('role', 'presentation');
  heading.className = 'option-group';
  heading.textContent = index;
  return heading;
}

function summaryOf(record) {
  const fields = SUMMARY_FIELDS[record.type] ?? [];
  return fields
    .map((field) => record[field])
    .filter((value) => value !== null && value !== undefined && value !== '')
    .map(String)
    .join(' · ');
}
