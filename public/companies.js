// The status page's company picker (README, Status page): which company the page shows, '' for the default company
// (the unscoped routes), else a realm id (/api/companies/{realmId}/…). The choice is kept for this tab.
import { adminJson } from './api.js';

const COMPANY_STORAGE = 'qbo-cache.company';

export function createCompanyPicker({ picker, row, onChange }) {
  let company = readStored();
  // GET /api/companies (admin) when the page may read it: realm id → { connected, health, reasons }; null when unknown.
  let companies = null;

  function select(realmId, notify = true) {
    company = realmId;
    try {
      if (realmId) sessionStorage.setItem(COMPANY_STORAGE, realmId);
      else sessionStorage.removeItem(COMPANY_STORAGE);
    } catch {
      // storage unavailable: the choice lasts until the page is left
    }
    if (notify) onChange();
  }

  function render(list) {
    const options = [['', 'Default company'], ...list.map((entry) => [entry.realm_id, `${entry.company_name ? `${entry.company_name}, ${entry.realm_id}` : entry.realm_id} (${entry.health})`])];
    picker.replaceChildren(
      ...options.map(([value, text]) => {
        const option = document.createElement('option');
        option.value = value;
        option.textContent = text;
        return option;
      }),
    );
    if (company && !list.some((entry) => entry.realm_id === company)) select('', false);
    picker.value = company;
    row.hidden = list.length === 0;
  }

  picker.addEventListener('change', (event) => select(event.target.value));

  return {
    /** Where the routes about the shown company are. */
    apiBase: () => (company ? `/api/companies/${encodeURIComponent(company)}` : '/api'),
    /** The company list, read again (shown once the page may read it: demo mode, or once the admin key was given). */
    async load() {
      try {
        const body = await adminJson('/api/companies', { prompt: false });
        companies = new Map(body.companies.map((entry) => [entry.realm_id, entry]));
        render(body.companies);
      } catch {
        companies = null; // no admin key in this tab: the page shows the default company, as health describes it
        row.hidden = true;
      }
    },
    /**
     * The shown company's connection from the company list, or undefined when the page cannot read the list
     * (`cacheCompany`: the realm the default company's status named).
     */
    connection(cacheCompany) {
      const realmId = company || cacheCompany;
      if (!companies || !realmId) return undefined;
      const known = companies.get(realmId);
      if (!known) return 'not_connected';
      if (known.connected) return 'connected';
      return known.reasons.some((reason) => /reconnect/.test(reason)) ? 'reconnect_required' : 'not_connected';
    },
  };
}

function readStored() {
  try {
    return sessionStorage.getItem(COMPANY_STORAGE) ?? '';
  } catch {
    return '';
  }
}
