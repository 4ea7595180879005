import { DeliveryLog } from '../../../lib/local/console/delivery-log';
import type { PinterestRequest, PinterestResponse, PinterestSender } from '../../../lib/pinterest/client';
import { sha256Hex } from '../../../lib/pinterest/hash';
import type { PinterestEvent } from '../../../lib/pinterest/types';
import type { RecordReport } from '../../../lib/delivery/process-batch';
import type { Outcome } from '../../../lib/delivery/outcome';

const TOKEN = 'pina_SECRET_TOKEN_VALUE';
const EMAIL_HASH = sha256Hex('jane.doe@example.com');

const event = (id: string, name = 'checkout'): PinterestEvent => ({
  event_name: name,
  action_source: 'web',
  event_time: 1_796_000_000,
  event_id: id,
  user_data: { em: [EMAIL_HASH], external_id: [sha256Hex('user-1')], client_ip_address: '203.0.113.9', client_user_agent: 'Mozilla/5.0' },
  custom_data: { currency: 'USD', value: '25.50', order_id: 'order-secret-1' },
});

const request = (events: PinterestEvent[]): PinterestRequest => ({ adAccountId: '549755885175', token: TOKEN, testMode: true, events });

function fakeSender(response: PinterestResponse): PinterestSender & { calls: number } {
  const sender = {
    calls: 0,
    async send() {
      sender.calls++;
      return response;
    },
  };
  return sender;
}

const records = (...kinds: Outcome['kind'][]): RecordReport[] =>
  kinds.map((kind, i) => ({ messageId: `m${i}`, failed: kind === 'retry', outcome: { kind } as Outcome }));

describe('DeliveryLog', () => {
  test('observes the sender: the same answer goes back to the worker, the exchange is recorded', async () => {
    const answer: PinterestResponse = {
      kind: 'http',
      status: 200,
      events: [{ status: 'processed' }, { status: 'failed', errorMessage: 'Invalid event' }],
      latencyMs: 12,
    };
    const sender = fakeSender(answer);
    const log = new DeliveryLog({ now: () => 1_000 });
    const observed = log.observe(sender);
    await expect(observed.send(request([event('e-1'), event('e-2', 'lead')]))).resolves.toBe(answer);
    expect(sender.calls).toBe(1);

    const [delivery] = log.since(0);
    expect(delivery).toMatchObject({ seq: 1, at: 1_000, adAccountId: '549755885175', testMode: true, httpStatus: 200, latencyMs: 12 });
    expect(delivery?.events).toEqual([
      expect.objectContaining({ eventName: 'checkout', eventId: 'e-1', hashedKeys: ['em', 'external_id'], plainKeys: ['client_ip_address', 'client_user_agent'], status: 'processed' }),
      expect.objectContaining({ eventName: 'lead', eventId: 'e-2', status: 'failed', error: 'Invalid event' }),
    ]);
    expect(delivery?.events[0]?.customDataKeys).toEqual(['currency', 'value', 'order_id']);
  });

  test('keeps no token, no hashed value and no custom_data value', async () => {
    const log = new DeliveryLog();
    await log.observe(fakeSender({ kind: 'http', status: 200, latencyMs: 1 })).send(request([event('e-1')]));
    const shown = JSON.stringify(log.since(0));
    for (const secret of [TOKEN, EMAIL_HASH, sha256Hex('user-1'), '203.0.113.9', 'Mozilla/5.0', 'order-secret-1', '25.50']) {
      expect(shown).not.toContain(secret);
    }
  });

  test('a whole-request error or a network failure is every event’s status', async () => {
    const log = new DeliveryLog();
    await log.observe(fakeSender({ kind: 'http', status: 401, code: 2, message: 'Authentication failed.', latencyMs: 3 })).send(request([event('a')]));
    await log.observe(fakeSender({ kind: 'error', cause: 'timeout', message: 'request timed out', latencyMs: 10_000 })).send(request([event('b')]));
    const [auth, timeout] = log.since(0);
    expect(auth).toMatchObject({ httpStatus: 401, error: 'Authentication failed.', events: [expect.objectContaining({ status: 'HTTP 401', error: 'Authentication failed.' })] });
    expect(timeout?.httpStatus).toBeUndefined();
    expect(timeout).toMatchObject({ error: 'request timed out', events: [expect.objectContaining({ status: 'timeout' })] });
  });

  test('since(seq) returns only newer deliveries, and the log keeps the newest `capacity`', async () => {
    const log = new DeliveryLog({ capacity: 3 });
    const sender = log.observe(fakeSender({ kind: 'http', status: 200, latencyMs: 1 }));
    for (let i = 1; i <= 5; i++) await sender.send(request([event(`e-${i}`)]));
    expect(log.lastSeq).toBe(5);
    expect(log.since(0).map((d) => d.seq)).toEqual([3, 4, 5]);
    expect(log.since(4).map((d) => d.seq)).toEqual([5]);
    expect(log.since(5)).toEqual([]);
  });

  test('counts outcomes per minute on its clock; the chart is the last `minutes`, zeros included', () => {
    let now = 10 * 60_000 + 5_000; // 00:10:05
    const log = new DeliveryLog({ now: () => now, minutes: 3 });
    log.recordReport({ records: records('delivered', 'delivered', 'deadLetter') });
    now += 30_000; // 00:10:35, same minute
    log.recordReport({ records: records('skipped') });
    now += 60_000; // 00:11:35
    log.recordReport({ records: records('retry', 'delivered') });

    expect(log.chart()).toEqual([
      { minute: 9 * 60_000, delivered: 0, skipped: 0, retry: 0, deadLetter: 0 },
      { minute: 10 * 60_000, delivered: 2, skipped: 1, retry: 0, deadLetter: 1 },
      { minute: 11 * 60_000, delivered: 1, skipped: 0, retry: 1, deadLetter: 0 },
    ]);
    expect(log.totals).toEqual({ delivered: 3, skipped: 1, retry: 1, deadLetter: 1 });

    now += 5 * 60_000; // 00:16:35: the old minutes have left the window
    log.recordReport({ records: records('delivered') });
    expect(log.chart().map((m) => m.delivered)).toEqual([0, 0, 1]);
    expect(log.totals.delivered).toBe(4);
  });
});
