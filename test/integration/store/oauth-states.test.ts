import { StoreInvalidArgumentError } from '../../../src/store';
import { fakeClock, describeEachEngine } from './helpers';

const TEN_MINUTES = 10 * 60 * 1000;
const STATE = 'st-9f8e7d6c5b4a39281706f5e4d3c2b1a0';

describeEachEngine('store OAuth states', (engine) => {
  const { open } = engine;

  it('when a saved state is consumed, then the first consume is ok and every later one is used', async () => {
    const clock = fakeClock();
    const store = await open({ now: clock.now });
    await store.saveOAuthState(STATE, clock.now() + TEN_MINUTES);
    expect(await store.consumeOAuthState(STATE)).toBe('ok');
    expect(await store.consumeOAuthState(STATE)).toBe('used');
    expect(await store.consumeOAuthState(STATE, clock.now() + 1000)).toBe('used');
  });

  it('when a state was never saved, then consuming it is unknown', async () => {
    const store = await open();
    expect(await store.consumeOAuthState('never-saved')).toBe('unknown');
  });

  it('when a state is consumed at or after its expiry, then it is expired, and stays unusable', async () => {
    const clock = fakeClock();
    const store = await open({ now: clock.now });
    const expiresAt = clock.now() + TEN_MINUTES;
    await store.saveOAuthState(STATE, expiresAt);
    expect(await store.consumeOAuthState(STATE, expiresAt)).toBe('expired');
    expect(await store.consumeOAuthState(STATE, expiresAt + TEN_MINUTES)).toBe('expired');
  });

  it('when two consumers race for one state (two connections, as two processes), then exactly one gets ok', async () => {
    const clock = fakeClock();
    const first = await open({ now: clock.now });
    const second = await open({ now: clock.now });
    await first.saveOAuthState(STATE, clock.now() + TEN_MINUTES);
    const results = await Promise.all([
      first.consumeOAuthState(STATE),
      second.consumeOAuthState(STATE),
      first.consumeOAuthState(STATE),
    ]);
    expect(results.filter((result) => result === 'ok')).toHaveLength(1);
    expect(results.filter((result) => result === 'used')).toHaveLength(2);
  });

  it('when states expired more than a day ago, then a later save purges them and they become unknown', async () => {
    const clock = fakeClock();
    const store = await open({ now: clock.now });
    await store.saveOAuthState(STATE, clock.now() + TEN_MINUTES);
    clock.advance(TEN_MINUTES + 1000);
    await store.saveOAuthState('st-another', clock.now() + TEN_MINUTES);
    expect(await store.consumeOAuthState(STATE)).toBe('expired');
    clock.advance(25 * 60 * 60 * 1000);
    await store.saveOAuthState('st-a-third', clock.now() + TEN_MINUTES);
    expect(await store.consumeOAuthState(STATE)).toBe('unknown');
  });

  it('when a state is saved, then only its hash is stored', async () => {
    const clock = fakeClock();
    const store = await open({ now: clock.now });
    await store.saveOAuthState(STATE, clock.now() + TEN_MINUTES);
    const stored = await engine.storedBytes();
    expect(stored.length).toBeGreaterThan(0);
    for (const bytes of stored) expect(bytes.includes(STATE)).toBe(false);
  });

  it('when a state is saved twice, then the second save is refused so a used state cannot be re-armed', async () => {
    const clock = fakeClock();
    const store = await open({ now: clock.now });
    await store.saveOAuthState(STATE, clock.now() + TEN_MINUTES);
    expect(await store.consumeOAuthState(STATE)).toBe('ok');
    const again = store.saveOAuthState(STATE, clock.now() + TEN_MINUTES);
    await expect(again).rejects.toBeInstanceOf(StoreInvalidArgumentError);
    expect(await store.consumeOAuthState(STATE)).toBe('used');
  });
});
