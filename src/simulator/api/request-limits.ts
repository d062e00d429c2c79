import type { RequestHandler } from 'express';

export interface LimitSettings {
  readonly maxInFlight: number;
  readonly perMinute: number;
}

/**
 * QBO's per-realm limits (docs/quickbooks.md#limits-and-throttling): at most 10 requests in flight and 500 in a
 * sliding minute, else 429. A rejected request counts neither as in flight nor towards the minute, so a client that
 * backs off recovers.
 */
export function createRequestLimits(settings: LimitSettings, now: () => number, onThrottle: RequestHandler) {
  const inFlight = new Map<string, number>();
  const accepted = new Map<string, number[]>();
  let peak = 0;

  const recent = (realmId: string): number[] => {
    const times = accepted.get(realmId) ?? [];
    const cutoff = now() - 60_000;
    let drop = 0;
    while (drop < times.length && (times[drop] ?? 0) <= cutoff) drop++;
    if (drop > 0) times.splice(0, drop);
    accepted.set(realmId, times);
    return times;
  };

  const middleware: RequestHandler = (req, res, next) => {
    const realmId = String(req.params.realmId ?? '');
    const current = inFlight.get(realmId) ?? 0;
    const minute = recent(realmId);
    if (current >= settings.maxInFlight || minute.length >= settings.perMinute) {
      onThrottle(req, res, next);
      return;
    }
    minute.push(now());
    inFlight.set(realmId, current + 1);
    peak = Math.max(peak, current + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      inFlight.set(realmId, (inFlight.get(realmId) ?? 1) - 1);
    };
    // 'finish' once the answer is handed over, 'close' if the client went away first.
    res.once('finish', release);
    res.once('close', release);
    next();
  };

  return {
    middleware,
    stats: () => ({
      inFlight: [...inFlight.values()].reduce((a, b) => a + b, 0),
      peakInFlight: peak,
      requestsLastMinute: [...accepted.keys()].reduce((sum, realmId) => sum + recent(realmId).length, 0),
    }),
    resetPeak: () => { peak = [...inFlight.values()].reduce((a, b) => a + b, 0); },
  };
}

export type RequestLimits = ReturnType<typeof createRequestLimits>;
