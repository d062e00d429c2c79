import {
  StoreClosedError,
  StoreInvalidArgumentError,
  StoreKeyMismatchError,
  StoreRowTamperedError,
} from '../../../src/store';
import { fakeClock, SECRET, tokenSet, describeEachEngine } from './helpers';

const REALM = '9130350000000001';
const OTHER_REALM = '9130350000000002';

describeEachEngine('store tokens', (engine) => {
  const { open } = engine;

  it('when tokens are saved, then they read back exactly, with timing readable on its own', async () => {
    const clock = fakeClock();
    const store = await open({ now: clock.now });
    const tokens = tokenSet();
    await expect(store.saveTokens(REALM, tokens)).resolves.toBe(true);
    expect(await store.getTokens(REALM)).toEqual(tokens);
    expect(await store.getTokenTiming(REALM)).toEqual({
      realmId: REALM,
      createdAt: tokens.createdAt,
      accessTokenExpiresAt: tokens.createdAt + 3600 * 1000,
      refreshTokenExpiresAt: tokens.createdAt + 8726400 * 1000,
      refreshTokenHardExpiresAt: tokens.createdAt + 157680000 * 1000,
      updatedAt: clock.now(),
    });
    expect(await store.getTokens(OTHER_REALM)).toBeNull();
    expect(await store.getTokenTiming(OTHER_REALM)).toBeNull();
  });

  it('when tokens are saved and rotated, then no stored byte holds a token, whole or in part', async () => {
    const store = await open();
    const saved = [tokenSet({ refreshToken: 'RT1-AT-REST-one-Qw3rTy' }), tokenSet({ accessToken: 'eyJ.AT-REST-access-Zx8cV', refreshToken: 'RT1-AT-REST-two-Hj6kL' })];
    for (const tokens of saved) await store.saveTokens(REALM, tokens);
    const stored = await engine.storedBytes();
    expect(stored.length).toBeGreaterThan(0);
    for (const secret of saved.flatMap((tokens) => [tokens.accessToken, tokens.refreshToken])) {
      for (const bytes of stored) expect(bytes.includes(secret.slice(4, 18))).toBe(false);
    }
  });

  it('when tokens without a hard expiry are saved over older ones, then the newest set wins and nothing extra appears', async () => {
    const store = await open();
    await store.saveTokens(REALM, tokenSet());
    const { refreshTokenHardExpiresIn: _dropped, ...rest } = tokenSet({ refreshToken: 'RT1-rotated', createdAt: 1 });
    await store.saveTokens(REALM, rest);
    const stored = await store.getTokens(REALM);
    expect(stored).toEqual(rest);
    expect(stored).not.toHaveProperty('refreshTokenHardExpiresIn');
  });

  it('when several realms have tokens, then listRealms names them and deleteTokens removes one', async () => {
    const store = await open();
    await store.saveTokens(OTHER_REALM, tokenSet({ realmId: OTHER_REALM }));
    await store.saveTokens(REALM, tokenSet());
    expect(await store.listRealms()).toEqual([REALM, OTHER_REALM]);
    await store.deleteTokens(OTHER_REALM);
    expect(await store.listRealms()).toEqual([REALM]);
    expect(await store.getTokens(OTHER_REALM)).toBeNull();
  });

  it('when the store is reopened as a restarted process, then it reads the last tokens saved', async () => {
    const first = await open();
    for (let i = 1; i <= 5; i += 1) await first.saveTokens(REALM, tokenSet({ refreshToken: `RT1-rotation-${i}` }));
    // No close: a crash leaves the WAL behind, and the next process must still see every commit.
    const second = await open();
    expect((await second.getTokens(REALM))?.refreshToken).toBe('RT1-rotation-5');
  });

  it('when SECRET_KEY changed, then reading fails with StoreKeyMismatchError while timing stays readable and a reconnect can replace the row', async () => {
    await (await open()).saveTokens(REALM, tokenSet());
    const changed = await open({ secretKey: 'a completely different secret key' });
    const failure = changed.getTokens(REALM);
    await expect(failure).rejects.toBeInstanceOf(StoreKeyMismatchError);
    await expect(failure).rejects.toMatchObject({ code: 'STORE_KEY_MISMATCH', realmId: REALM });
    await expect(failure).rejects.toThrow(/SECRET_KEY changed/);
    expect(await changed.getTokenTiming(REALM)).not.toBeNull();
    const guarded = changed.saveTokens(REALM, tokenSet(), { expectedRefreshToken: tokenSet().refreshToken });
    await expect(guarded).rejects.toThrow(StoreKeyMismatchError);
    await expect(changed.saveTokens(REALM, tokenSet({ refreshToken: 'RT1-reconnected' }))).resolves.toBe(true);
    expect((await changed.getTokens(REALM))?.refreshToken).toBe('RT1-reconnected');
  });

  it("when a row's encrypted blob is moved to another realm, then reading it fails with StoreRowTamperedError", async () => {
    const store = await open();
    await store.saveTokens(REALM, tokenSet());
    await store.saveTokens(OTHER_REALM, tokenSet({ realmId: OTHER_REALM, refreshToken: 'RT1-other' }));
    await engine.copyTokenBlob(REALM, OTHER_REALM);
    await expect(store.getTokens(OTHER_REALM)).rejects.toBeInstanceOf(StoreRowTamperedError);
    expect((await store.getTokens(REALM))?.refreshToken).toBe(tokenSet().refreshToken);
  });

  describe('rotation', () => {
    it('when the stored refresh token is the expected one, then rotate is called with the stored set and its answer is stored', async () => {
      const store = await open();
      await store.saveTokens(REALM, tokenSet({ refreshToken: 'RT1-before' }));
      const seen: string[] = [];
      const rotation = await store.rotateTokens(REALM, 'RT1-before', async (stored) => {
        seen.push(stored.refreshToken);
        return tokenSet({ refreshToken: 'RT1-after' });
      });
      expect(seen).toEqual(['RT1-before']);
      expect(rotation).toMatchObject({ rotated: true, saved: true, tokens: { refreshToken: 'RT1-after' } });
      expect((await store.getTokens(REALM))?.refreshToken).toBe('RT1-after');
    });

    it('when another process rotated first, then rotate is not called and the stored set comes back; a failing rotate changes nothing', async () => {
      const store = await open();
      await store.saveTokens(REALM, tokenSet({ refreshToken: 'RT1-newer' }));
      const never = async () => {
        throw new Error('must not be called');
      };
      expect(await store.rotateTokens(REALM, 'RT1-older', never)).toMatchObject({ rotated: false, saved: true, tokens: { refreshToken: 'RT1-newer' } });
      await expect(store.rotateTokens(REALM, 'RT1-newer', async () => Promise.reject(new Error('Intuit said no')))).rejects.toThrow('Intuit said no');
      expect((await store.getTokens(REALM))?.refreshToken).toBe('RT1-newer');
      await expect(store.rotateTokens(OTHER_REALM, 'RT1-any', never)).rejects.toBeInstanceOf(StoreInvalidArgumentError);
    });

    // One process owns a SQLite file: its token manager's one refresh in flight is the lock there.
    (engine.sharedByProcesses ? it : it.skip)('when processes sharing the store rotate at once, then one calls rotate and the others get its tokens (the row is locked across the call)', async () => {
      const stores = [await open(), await open(), await open()];
      await stores[0]!.saveTokens(REALM, tokenSet({ refreshToken: 'RT1-shared' }));
      let calls = 0;
      const rotations = await Promise.all(
        stores.map((store) =>
          store.rotateTokens(REALM, 'RT1-shared', async () => {
            calls++;
            await new Promise((resolve) => setTimeout(resolve, 100)); // Intuit taking its time, the lock held
            return tokenSet({ refreshToken: 'RT1-rotated-once' });
          }),
        ),
      );
      expect(calls).toBe(1);
      expect(rotations.filter((rotation) => rotation.rotated)).toHaveLength(1);
      for (const rotation of rotations) expect(rotation.tokens.refreshToken).toBe('RT1-rotated-once');
    });
  });

  describe('compare-and-swap guard', () => {
    it('when the stored refresh token is the expected one, then the new set is saved', async () => {
      const store = await open();
      await store.saveTokens(REALM, tokenSet({ refreshToken: 'RT1-old' }));
      const next = tokenSet({ refreshToken: 'RT1-new' });
      await expect(store.saveTokens(REALM, next, { expectedRefreshToken: 'RT1-old' })).resolves.toBe(true);
      expect(await store.getTokens(REALM)).toEqual(next);
    });

    it('when two writers rotate the same token at once, then exactly one wins, the other gets false, and the winner stays', async () => {
      const store = await open();
      const otherProcess = await open();
      for (let round = 0; round < 5; round++) {
        await store.saveTokens(REALM, tokenSet({ refreshToken: `RT1-old-${round}` }));
        const results = await Promise.all([
          store.saveTokens(REALM, tokenSet({ refreshToken: `RT1-first-${round}` }), { expectedRefreshToken: `RT1-old-${round}` }),
          otherProcess.saveTokens(REALM, tokenSet({ refreshToken: `RT1-second-${round}` }), { expectedRefreshToken: `RT1-old-${round}` }),
        ]);
        expect(results.filter((won) => won)).toHaveLength(1);
        const winner = results[0] === true ? `RT1-first-${round}` : `RT1-second-${round}`;
        expect((await otherProcess.getTokens(REALM))?.refreshToken).toBe(winner);
        expect((await store.getTokens(REALM))?.refreshToken).toBe(winner);
      }
    });

    it('when nothing is stored yet, then a guarded save gets false and writes nothing', async () => {
      const store = await open();
      await expect(store.saveTokens(REALM, tokenSet(), { expectedRefreshToken: 'RT1-any' })).resolves.toBe(false);
      expect(await store.listRealms()).toEqual([]);
    });
  });

  it('when tokens are invalid, then saving fails with StoreInvalidArgumentError naming the field but never a value', async () => {
    const store = await open();
    const secretValue = 'RT1-never-in-a-message';
    const attempts = [
      store.saveTokens(OTHER_REALM, tokenSet({ refreshToken: secretValue })),
      store.saveTokens(REALM, tokenSet({ refreshToken: secretValue, accessToken: '' })),
      store.saveTokens(REALM, tokenSet({ refreshToken: secretValue, expiresIn: 3600.5 })),
      store.saveTokens(REALM, tokenSet({ refreshToken: secretValue, createdAt: -1 })),
    ];
    for (const attempt of attempts) {
      const error: unknown = await attempt.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StoreInvalidArgumentError);
      expect((error as Error).message).not.toContain(secretValue);
    }
    expect(await store.listRealms()).toEqual([]);
  });

  it('when the store is closed, then calls reject with StoreClosedError and closing again is harmless', async () => {
    const store = await open({ secretKey: SECRET });
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    await store.close();
    await expect(store.ping()).rejects.toBeInstanceOf(StoreClosedError);
    await expect(store.getTokens(REALM)).rejects.toBeInstanceOf(StoreClosedError);
    await expect(store.listSyncRuns(undefined, 5)).rejects.toBeInstanceOf(StoreClosedError);
  });
});
