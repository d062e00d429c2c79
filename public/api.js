// Calls to the service's HTTP API (README, HTTP API). Admin calls carry the admin key as a Bearer token when
// one is known; on 401 the person is asked for it once, and it is kept in sessionStorage (this tab only).

const KEY_STORAGE = 'qbo-cache.admin-key';
const KEY_NOTE = 'This action needs the service\'s admin key. It is kept in this browser tab only (sessionStorage).';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** GET or POST a JSON endpoint; throws ApiError with the service's `{error, message}` on 4xx/5xx. */
export async function getJson(path, { method = 'GET', signal, headers = {} } = {}) {
  let res;
  try {
    res = await fetch(path, { method, signal, headers: { Accept: 'application/json', ...headers }, cache: 'no-store' });
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'The service did not answer');
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const code = body && typeof body.error === 'string' ? body.error : `http_${res.status}`;
    const message = body && typeof body.message === 'string' ? body.message : `HTTP ${res.status}`;
    throw new ApiError(res.status, code, message);
  }
  return body;
}

/**
 * An admin call. With `prompt` false a 401 is simply thrown (used by background polling, so a page left open
 * never pops up a form by itself); with `prompt` true the person is asked for the key and the call retried.
 */
export async function adminJson(path, { method = 'GET', prompt = true } = {}) {
  for (;;) {
    try {
      return await getJson(path, { method, headers: authHeader() });
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401 || !prompt) throw err;
      const stale = storedKey() !== null;
      if (stale) sessionStorage.removeItem(KEY_STORAGE);
      const key = await askForKey(stale ? 'That admin key was not accepted. Try again.' : null);
      if (key === null) throw err;
      sessionStorage.setItem(KEY_STORAGE, key);
    }
  }
}

function storedKey() {
  try {
    return sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

function authHeader() {
  const key = storedKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

let pendingAsk = null;

/** Shows the admin-key form; resolves with the key, or null when cancelled. Concurrent asks share one form. */
function askForKey(warning) {
  if (pendingAsk) return pendingAsk;
  const form = document.getElementById('admin-key-form');
  const input = document.getElementById('admin-key-input');
  const cancel = document.getElementById('admin-key-cancel');
  const note = form.querySelector('p');
  pendingAsk = new Promise((resolve) => {
    const finish = (value) => {
      form.removeEventListener('submit', onSubmit);
      cancel.removeEventListener('click', onCancel);
      form.hidden = true;
      input.value = '';
      pendingAsk = null;
      resolve(value);
    };
    const onSubmit = (event) => {
      event.preventDefault();
      const value = input.value.trim();
      if (value) finish(value);
    };
    const onCancel = () => finish(null);
    form.addEventListener('submit', onSubmit);
    cancel.addEventListener('click', onCancel);
    note.textContent = warning ?? KEY_NOTE;
    form.hidden = false;
    input.focus();
  });
  return pendingAsk;
}
