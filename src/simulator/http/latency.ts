import type { RequestHandler } from 'express';
import { injectedDelay } from './fault-injection';

/**
 * Global latency plus any injected `delay` fault, applied after the limits so a slow response counts as in flight
 * (which is how tests drive concurrency past QBO's 10-request limit).
 */
export function createLatency(initialMs: number) {
  let latencyMs = Math.max(0, initialMs);
  const middleware: RequestHandler = (_req, res, next) => {
    const wait = latencyMs + injectedDelay(res);
    if (wait <= 0) return next();
    const timer = setTimeout(() => {
      res.off('close', cancel);
      next();
    }, wait);
    const cancel = () => clearTimeout(timer);
    res.once('close', cancel);
  };
  return {
    middleware,
    set(ms: number): void {
      latencyMs = Math.max(0, ms);
    },
  };
}
