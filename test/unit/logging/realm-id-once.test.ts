import { captureLogs } from '../../support/log-capture';
import { realmLogger, relog } from '../../../src/logging';

const occurrences = (line: string, key: string): number => line.split(`"${key}":`).length - 1;

describe('realmId on log lines', () => {
  test("when a company's logger logs its realmId again, or is given it again as a child, then the line holds it once", () => {
    const { logger, lines } = captureLogs();
    const company = logger.child({ realmId: '123' });
    company.info({ realmId: '123', duration_ms: 5 }, 'cache loaded');
    realmLogger(company, '123', { component: 'qbo' }).info({ realmId: '123' }, 'call');
    realmLogger(realmLogger(company, '123'), '123').warn('nested');
    relog(company.child({ component: 'sync' }), JSON.stringify({ level: 'info', msg: 'from a thread', realmId: '123', rows: 2 }));
    logger.flush();
    expect(lines()).toHaveLength(4);
    for (const line of lines()) {
      expect(occurrences(line, 'realmId')).toBe(1);
      expect((JSON.parse(line) as { realmId: string }).realmId).toBe('123');
    }
    expect(JSON.parse(lines()[0] as string)).toMatchObject({ duration_ms: 5, msg: 'cache loaded' });
    expect(JSON.parse(lines()[1] as string)).toMatchObject({ component: 'qbo', msg: 'call' });
  });

  test('when a logger without the company, or with another one, logs a realmId, then the line keeps it', () => {
    const { logger, lines } = captureLogs();
    logger.info({ realmId: '123' }, 'root');
    realmLogger(logger, '456', { component: 'qbo' }).info('bound here');
    logger.flush();
    expect(JSON.parse(lines()[0] as string)).toMatchObject({ realmId: '123', msg: 'root' });
    expect(JSON.parse(lines()[1] as string)).toMatchObject({ realmId: '456', component: 'qbo' });
  });
});
