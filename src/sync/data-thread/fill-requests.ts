/**
 * The serving thread's answers to what a filling data thread asks of it (thread-bridge.ts is the thread's side): an
 * access token from the token manager, and a slot of the realm's limiter for each of its HTTP attempts, held until
 * the thread releases it. Slots still held or waited for when the thread ends are released.
 */
import type { FromDataThread, ToDataThread } from './protocol';
import { errorShape } from './protocol';
import type { DataWorkerDeps } from './data-worker-types';

type FillRequest = Extract<FromDataThread, { type: 'token' | 'acquire' | 'release' | 'abandon' }>;

export interface FillRequests {
  receive(message: FillRequest): void;
  /** The thread has exited: releases every slot it held and stops waiting for others. */
  end(): void;
}

export function answerFillRequests(deps: Pick<DataWorkerDeps, 'tokens' | 'limiter'>, post: (message: ToDataThread) => void, exited: () => boolean): FillRequests {
  const held = new Map<number, () => void>();
  const slotsWaiting = new Map<number, AbortController>();

  const answerToken = (id: number, rejected: string | undefined) => {
    const tokens = deps.tokens;
    const token = Promise.resolve().then(() => {
      if (tokens === undefined) throw new Error('this data thread has no token source');
      return rejected === undefined ? tokens.getAccessToken() : tokens.renewAfterRejection(rejected);
    });
    token.then(
      (value) => post({ type: 'token', id, token: value }),
      (err: unknown) => post({ type: 'token', id, error: errorShape(err) }),
    );
  };
  const grantSlot = (id: number) => {
    const controller = new AbortController();
    slotsWaiting.set(id, controller);
    const slot = () => {
      slotsWaiting.delete(id);
      if (exited()) return Promise.resolve();
      post({ type: 'granted', id });
      return new Promise<void>((release) => held.set(id, release));
    };
    const limiter = deps.limiter;
    if (limiter === undefined) {
      post({ type: 'denied', id, error: errorShape(new Error('this data thread has no rate limiter')) });
      return;
    }
    limiter.run(slot, controller.signal).catch((err: unknown) => {
      if (slotsWaiting.delete(id) && !exited()) post({ type: 'denied', id, error: errorShape(err) });
    });
  };

  return {
    receive(message) {
      switch (message.type) {
        case 'token':
          return answerToken(message.id, message.rejected);
        case 'acquire':
          return grantSlot(message.id);
        case 'release':
          held.get(message.id)?.();
          held.delete(message.id);
          return;
        case 'abandon': {
          const controller = slotsWaiting.get(message.id);
          slotsWaiting.delete(message.id); // no `denied` for a request the thread gave up
          controller?.abort();
        }
      }
    },
    end() {
      for (const release of held.values()) release();
      for (const controller of slotsWaiting.values()) controller.abort();
    },
  };
}
