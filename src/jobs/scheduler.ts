import schedule from 'node-schedule';
import type { Logger } from 'pino';

export interface Scheduler {
  /**
   * Runs `task` on `cron`; a run still going when the next one is due is not started twice. `signal` aborts when the
   * scheduler stops: a run that waits (spreadOver) ends then.
   */
  add(name: string, cron: string, task: (signal: AbortSignal) => Promise<void>): void;
  /** When `name` runs next, or null when it is not scheduled. */
  nextRun(name: string): Date | null;
  /** Cancels every job and waits for runs in progress to finish. */
  stop(): Promise<void>;
}

/**
 * The only place that schedules anything (docs/ARCHITECTURE.md#rules). Jobs are unnamed in node-schedule's global
 * registry (names there are process-wide) and tracked here, so two services in one process (tests) never collide.
 */
export function createScheduler(logger: Logger): Scheduler {
  const jobs = new Map<string, schedule.Job>();
  const running = new Map<string, Promise<void>>();
  const stopping = new AbortController();

  return {
    add(name, cron, task) {
      if (jobs.has(name)) throw new Error(`job ${name} is already scheduled`);
      const job = schedule.scheduleJob(cron, () => {
        if (running.has(name)) {
          logger.warn({ job: name }, 'previous run still in progress; skipping this one');
          return;
        }
        const run = task(stopping.signal)
          .catch((err: unknown) => logger.error({ err, job: name }, 'scheduled job failed'))
          .finally(() => running.delete(name));
        running.set(name, run);
      });
      if (!job) throw new Error(`job ${name} has an invalid schedule`);
      jobs.set(name, job);
    },
    nextRun(name) {
      const next = jobs.get(name)?.nextInvocation();
      return next ? new Date(next.getTime()) : null;
    },
    async stop() {
      stopping.abort();
      for (const job of jobs.values()) job.cancel();
      jobs.clear();
      await Promise.allSettled(running.values());
    },
  };
}
