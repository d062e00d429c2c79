/** What the token manager tells the rest of the service (the sync engine starts a full sync on `connected`). */
export interface TokenEvents {
  connected: (realmId: string) => void;
  disconnected: (realmId: string) => void;
  reconnect_required: (realmId: string) => void;
  refreshed: (realmId: string) => void;
  /** A refresh failed for another reason than invalid_grant (Intuit unreachable or erroring); the tokens are unchanged. */
  refresh_failed: (realmId: string) => void;
}

type Listeners = { [E in keyof TokenEvents]: Set<TokenEvents[E]> };

/** A tiny typed listener registry; a listener that throws cannot break the token manager. */
export function createListeners() {
  const listeners: Listeners = {
    connected: new Set(),
    disconnected: new Set(),
    reconnect_required: new Set(),
    refreshed: new Set(),
    refresh_failed: new Set(),
  };
  return {
    on<E extends keyof TokenEvents>(event: E, listener: TokenEvents[E]): () => void {
      listeners[event].add(listener);
      return () => listeners[event].delete(listener);
    },
    emit(event: keyof TokenEvents, realmId: string): void {
      for (const listener of listeners[event]) {
        try {
          listener(realmId);
        } catch {
          // Listeners log their own failures; the token state must stay consistent regardless.
        }
      }
    },
  };
}
