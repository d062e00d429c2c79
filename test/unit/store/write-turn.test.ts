import { awaitTurn, createWriteTurn, holdingTurn } from '../../../src/store/write-turn';

const held = (turn: SharedArrayBuffer) => Atomics.load(new Int32Array(turn), 0);

describe('the serving thread\'s write turn', () => {
  it('when writes are held, nested or failing, then the turn counts them and is free again after the last', () => {
    const turn = createWriteTurn();
    expect(held(turn)).toBe(0);
    const inner = holdingTurn(turn, () => holdingTurn(turn, () => held(turn)));
    expect(inner).toBe(2);
    expect(() =>
      holdingTurn(turn, () => {
        throw new Error('write failed');
      }),
    ).toThrow('write failed');
    expect(held(turn)).toBe(0);
  });

  it('when nobody holds the turn, then a background writer goes on at once; when it is never given back, the wait is bounded', () => {
    const turn = createWriteTurn();
    const free = performance.now();
    awaitTurn(turn, 5_000);
    expect(performance.now() - free).toBeLessThan(1_000);

    Atomics.add(new Int32Array(turn), 0, 1); // a holder that never ends (what the bound is for)
    const stuck = performance.now();
    awaitTurn(turn, 60);
    expect(performance.now() - stuck).toBeGreaterThanOrEqual(59);
  });
});
