import { createHmac } from 'node:crypto';
import { createWebhookTrigger, isValidSignature, parseWebhookPayload } from '../../../src/webhooks';
import { captureLogs } from '../../support/log-capture';

const REALM = '9341453050000000';

describe('webhook payloads', () => {
  test('when the legacy eventNotifications format arrives, then each entity change is an event', () => {
    const events = parseWebhookPayload({
      eventNotifications: [
        {
          realmId: REALM,
          dataChangeEvent: {
            entities: [
              { name: 'Customer', id: '1', operation: 'Update', lastUpdated: '2026-11-23T10:00:00-0800' },
              { name: 'Invoice', id: '130', operation: 'Delete', lastUpdated: '2026-11-23T10:00:01-0800' },
            ],
          },
        },
      ],
    });
    expect(events).toEqual([
      { eventId: `${REALM}:Customer:1:Update:2026-11-23T10:00:00-0800`, realmId: REALM, entity: 'customer', entityId: '1', operation: 'update' },
      { eventId: `${REALM}:Invoice:130:Delete:2026-11-23T10:00:01-0800`, realmId: REALM, entity: 'invoice', entityId: '130', operation: 'delete' },
    ]);
  });

  test('when a CloudEvents array arrives, then its id, realm, entity and operation are read', () => {
    const events = parseWebhookPayload([
      { specversion: '1.0', id: 'evt-1', source: 'intuit.x', type: 'qbo.customer.updated.v1', time: '2026-11-23T18:00:00Z', intuitentityid: '7', intuitaccountid: REALM, data: {} },
    ]);
    expect(events).toEqual([{ eventId: 'evt-1', realmId: REALM, entity: 'customer', entityId: '7', operation: 'updated' }]);
  });

  test('when the body is neither format, then null', () => {
    expect(parseWebhookPayload({ hello: 'world' })).toBeNull();
    expect(parseWebhookPayload([{ nope: true }])).toBeNull();
  });
});

describe('webhook signature', () => {
  const body = Buffer.from('{"eventNotifications":[]}');
  const sign = (key: string) => createHmac('sha256', key).update(body).digest('base64');

  test('when the signature is the HMAC of the raw body with the verifier token, then it is valid', () => {
    expect(isValidSignature(body, sign('verifier'), 'verifier')).toBe(true);
  });

  test('when the signature is missing, wrong, truncated or made with another key, then it is invalid', () => {
    expect(isValidSignature(body, undefined, 'verifier')).toBe(false);
    expect(isValidSignature(body, sign('other'), 'verifier')).toBe(false);
    expect(isValidSignature(body, sign('verifier').slice(0, 10), 'verifier')).toBe(false);
    expect(isValidSignature(Buffer.from('{"eventNotifications": []}'), sign('verifier'), 'verifier')).toBe(false);
  });
});

describe('webhook trigger', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const event = (id: string, realmId = REALM) => ({ eventId: id, realmId, entity: 'customer', entityId: '1', operation: 'update' });

  test('when events arrive within 2 s of each other, then they coalesce into one sync 2 s after the last', () => {
    const sync = jest.fn();
    const trigger = createWebhookTrigger({ isConnected: (realmId) => realmId === REALM, sync, logger: captureLogs().logger });
    trigger.accept([event('a')]);
    jest.advanceTimersByTime(1500);
    trigger.accept([event('b')]);
    jest.advanceTimersByTime(1999);
    expect(sync).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(sync).toHaveBeenCalledTimes(1);
  });

  test('when an event id repeats, then it triggers no extra sync', () => {
    const sync = jest.fn();
    const trigger = createWebhookTrigger({ isConnected: (realmId) => realmId === REALM, sync, logger: captureLogs().logger });
    trigger.accept([event('a')]);
    jest.advanceTimersByTime(2000);
    expect(trigger.accept([event('a')])).toBe(0);
    jest.advanceTimersByTime(5000);
    expect(sync).toHaveBeenCalledTimes(1);
  });

  test('when an event is for a realm that is not connected, then it is ignored and logged once', () => {
    const sync = jest.fn();
    const logs = captureLogs();
    const trigger = createWebhookTrigger({ isConnected: (realmId) => realmId === REALM, sync, logger: logs.logger });
    expect(trigger.accept([event('x', '123')])).toBe(0);
    expect(trigger.accept([event('y', '123')])).toBe(0);
    jest.advanceTimersByTime(5000);
    expect(sync).not.toHaveBeenCalled();
    expect(logs.lines().filter((line) => line.includes('not connected'))).toHaveLength(1);
  });

  test('when events for two companies arrive together, then each company gets one sync of its own', () => {
    const sync = jest.fn();
    const trigger = createWebhookTrigger({ isConnected: (realmId) => realmId === REALM || realmId === '42', sync, logger: captureLogs().logger });
    expect(trigger.accept([event('a'), event('b', '42'), event('c', '42')])).toBe(3);
    jest.advanceTimersByTime(2000);
    expect(sync.mock.calls.map(([realmId]) => realmId as string).sort()).toEqual(['42', REALM].sort());
  });

  test('when events keep arriving every 1.9 s, then a sync still starts within 10 s of the first', () => {
    const sync = jest.fn();
    const trigger = createWebhookTrigger({ isConnected: (realmId) => realmId === REALM, sync, logger: captureLogs().logger });
    for (let i = 0; i < 6; i++) {
      trigger.accept([event(`e${i}`)]);
      jest.advanceTimersByTime(1900);
    }
    expect(sync).toHaveBeenCalledTimes(1);
  });

  test('when this replica follows the realm, then each delivery is handed on at once, and events handed to the leader join its debounce', () => {
    const handedOn = jest.fn();
    const follower = createWebhookTrigger({ isConnected: () => true, sync: handedOn, debouncesHere: () => false, logger: captureLogs().logger });
    follower.accept([event('f1')]);
    follower.accept([event('f2'), event('f1')]); // f1 again: a replay, but f2 is new
    expect(handedOn).toHaveBeenCalledTimes(2);

    const sync = jest.fn();
    const leader = createWebhookTrigger({ isConnected: (realmId) => realmId === REALM, sync, debouncesHere: () => true, logger: captureLogs().logger });
    leader.accept([event('l1')]);
    jest.advanceTimersByTime(1500);
    leader.forwarded(REALM); // a follower's delivery, 1.5 s into the leader's window
    jest.advanceTimersByTime(1999);
    leader.forwarded('not-connected');
    expect(sync).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(sync).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(10_000);
    expect(sync).toHaveBeenCalledTimes(1);
  });
});
