import { backoffDelay, parseRetryAfter, resolveRetryOptions } from '../../../src/qbo/retry-policy';

const options = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
const plain = { throttled: false };

describe('backoffDelay', () => {
  it('when random is at its extremes, then the delay spans [0, base·2^(n-1)) — full jitter', () => {
    expect(backoffDelay(1, plain, options, () => 0)).toBe(0);
    expect(backoffDelay(1, plain, options, () => 0.999999)).toBe(99);
    expect(backoffDelay(3, plain, options, () => 0.5)).toBe(200);
    expect(backoffDelay(3, plain, options, () => 0.999999)).toBe(399);
  });

  it('when the exponential exceeds the cap, then the delay stays under the cap', () => {
    for (let attempt = 1; attempt <= 30; attempt += 1) {
      const delay = backoffDelay(attempt, plain, options, Math.random);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(options.maxDelayMs);
    }
    expect(backoffDelay(20, plain, options, () => 0.999999)).toBe(999);
  });

  it('when throttled with Retry-After, then exactly Retry-After is waited, bounded by the cap', () => {
    expect(backoffDelay(1, { throttled: true, retryAfterMs: 300 }, options, () => 0)).toBe(300);
    expect(backoffDelay(1, { throttled: true, retryAfterMs: 60_000 }, options, () => 0)).toBe(1_000);
    expect(backoffDelay(1, { throttled: true, retryAfterMs: 0 }, options, () => 0.9)).toBe(0);
  });

  it('when throttled without Retry-After, then a full-jitter wait over the whole cap (Intuit: wait 60 s)', () => {
    expect(backoffDelay(1, { throttled: true }, options, () => 0.5)).toBe(500);
    expect(backoffDelay(1, { throttled: true }, options, () => 0.999999)).toBe(999);
    expect(backoffDelay(1, { throttled: true }, resolveRetryOptions(undefined), () => 0.999999)).toBe(59_999);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');

  it('when Retry-After is delta-seconds, then milliseconds', () => {
    expect(parseRetryAfter('60', now)).toBe(60_000);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1_500);
  });

  it('when Retry-After is an HTTP-date, then the time left until it (never negative)', () => {
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Jun 2025 11:00:00 GMT', now)).toBe(0);
  });

  it('when Retry-After is absent or garbage, then undefined', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('resolveRetryOptions', () => {
  it('when nothing is given, then Intuit-friendly defaults with a 60 s cap', () => {
    expect(resolveRetryOptions(undefined)).toEqual({ maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000 });
  });

  it('when maxAttempts is below 1, then it is refused', () => {
    expect(() => resolveRetryOptions({ maxAttempts: 0 })).toThrow(RangeError);
  });
});
