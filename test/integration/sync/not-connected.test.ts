import { NotConnectedError } from '../../../src/auth';
import { startSyncRig, type SyncRig } from './sync-rig';

/** What a synchronous call threw (undefined when it returned). */
function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (err) {
    return err;
  }
  return undefined;
}

/**
 * "Not connected" is one error type, NotConnectedError from the token manager: the sync engine and the runtime
 * throw it, the service's own triggers treat it (and only it) as nothing to do, and the API answers it with 409.
 */
describe('starting a sync without a usable connection', () => {
  let rig: SyncRig;

  beforeAll(async () => {
    rig = await startSyncRig();
  });
  afterAll(() => rig.close());

  test('when nothing is connected, then the engine and the runtime throw NotConnectedError and the API answers 409 not_connected', async () => {
    const { service } = rig.svc;
    const fromEngine = thrownBy(() => service.company().sync.start({ trigger: 'manual' }));
    expect(fromEngine).toBeInstanceOf(NotConnectedError);
    expect(fromEngine).toMatchObject({ reason: 'not_connected' });
    const fromRuntime = thrownBy(() => service.company().runtime.startSync('full', 'manual'));
    expect(fromRuntime).toBeInstanceOf(NotConnectedError);
    expect(fromRuntime).toMatchObject({ reason: 'not_connected' });
    expect(service.company().sync.isRunning()).toBe(false);

    // No company: the start has nothing to sync, and logs no error. The stand-in company's own trigger says
    // "nothing to do" at debug level.
    await service.start();
    expect(service.company().trySync('incremental', 'schedule')).toBeNull();
    expect(rig.svc.logs.text()).toContain('sync not started: QuickBooks is not connected');
    expect(rig.svc.logs.lines().filter((line) => line.includes('"msg":"sync not started"'))).toEqual([]);

    for (const [method, path] of [['POST', '/api/cache/refresh'], ['GET', '/api/cache/verify']] as const) {
      const res = await rig.api.call(method, path);
      expect([path, res.status, res.body.error]).toEqual([path, 409, 'not_connected']);
    }
  });

  test('when Intuit rejected the refresh token, then the engine throws NotConnectedError(reconnect_required) and the API answers 409 reconnect_required', async () => {
    await rig.connect();
    const { control } = rig.sim.simulator;
    control.expireAccessTokens();
    control.revokeRefreshTokens();
    expect((await rig.api.post('/api/auth/refresh')).body.error).toBe('reconnect_required');

    const fromEngine = thrownBy(() => rig.svc.service.company().sync.start({ trigger: 'webhook', followUpIfRunning: true }));
    expect(fromEngine).toBeInstanceOf(NotConnectedError);
    expect(fromEngine).toMatchObject({ reason: 'reconnect_required' });
    const refresh = await rig.api.post('/api/cache/refresh');
    expect([refresh.status, refresh.body.error]).toEqual([409, 'reconnect_required']);
  });
});
