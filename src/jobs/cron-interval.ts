import cronParser from 'cron-parser';

/** The gap between two consecutive runs of a cron schedule (the "refresh interval" health compares against). */
export function cronIntervalMs(cron: string, from: Date = new Date()): number {
  const expression = cronParser.parseExpression(cron, { currentDate: from });
  const first = expression.next().getTime();
  const second = expression.next().getTime();
  return second - first;
}
