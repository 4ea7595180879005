import { PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { readAttribute } from '../../lib/queue/attributes';
import type { BatchReport, RecordReport } from '../../lib/delivery/process-batch';
import type { LocalStack } from '../../lib/local';
import { sha256Hex } from '../../lib/pinterest/hash';
import { expectRequestsAccepted } from '../support/pinterest-contract';
import { allProcessed, errorReply, type PinterestDouble, type Responder } from '../support/pinterest-double';
import { freshTrack, postSigned, receiveAll, waitFor } from '../support/local-stack';

/**
 * One end-to-end flow through a running local stack, shared by the embedded-SQS run and the
 * moto run: Segment → ingest HTTP → SQS → poller → worker → Pinterest (the recording double).
 * Each scenario uses its own source (and so its own ad account), so they do not see each other.
 */
export interface FlowContext {
  stack: LocalStack;
  double: PinterestDouble;
  /** Every worker invocation's report so far (LocalStackOptions.onReport). */
  reports: BatchReport[];
}

interface Source {
  id: string;
  secret: string;
  token: string;
  settings: Record<string, unknown>;
}

const source = (id: string, adAccountId: string, extra: Record<string, unknown> = {}): Source => ({
  id,
  secret: `${id}-webhook-secret`,
  token: `${id}-conversion-token`,
  settings: { tagId: '2614759966035', adAccountId, eventMapping: { 'Signed Up': 'Signup' }, ...extra },
});

export const SOURCES = {
  shop: source('shop', '111'),
  shopTest: source('shop-test', '222', { testMode: true }),
  flaky: source('flaky', '333'),
  picky: source('picky', '444'),
} as const;

export const REJECTED_MESSAGE = "Invalid request: Additional properties are not allowed ('bogus' was unexpected)";

/** Ad account 333 fails its first request with 500; 444 refuses any request holding event `bad-1`. */
export function flowResponder(): Responder {
  let flakyCalls = 0;
  return (request, index) => {
    if (request.adAccountId === SOURCES.flaky.settings.adAccountId && flakyCalls++ === 0) return errorReply(500, 0, 'Internal Server Error');
    if (request.adAccountId === SOURCES.picky.settings.adAccountId && request.events.some((e) => e.event_id === 'bad-1')) {
      return errorReply(400, 4196, REJECTED_MESSAGE);
    }
    return allProcessed(request, index);
  };
}

/** The local settings file the FileSettingsProvider reads. */
export function settingsFile(): { sources: Record<string, unknown> } {
  return {
    sources: Object.fromEntries(Object.values(SOURCES).map((s) => [s.id, { ...s.settings, conversionToken: s.token, webhookSecret: s.secret }])),
  };
}

/** The same sources in SSM, laid out as SsmSettingsProvider reads them (secrets as SecureString). */
export async function putSsmSettings(ssm: SSMClient, prefix: string): Promise<void> {
  for (const s of Object.values(SOURCES)) {
    const path = `${prefix}/sources/${s.id}`;
    await ssm.send(new PutParameterCommand({ Name: `${path}/settings`, Value: JSON.stringify(s.settings), Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: `${path}/conversion-token`, Value: s.token, Type: 'SecureString' }));
    await ssm.send(new PutParameterCommand({ Name: `${path}/webhook-secret`, Value: s.secret, Type: 'SecureString' }));
  }
}

const requestsFor = (double: PinterestDouble, s: Source) => double.requests.filter((r) => r.adAccountId === s.settings.adAccountId);
const eventIds = (double: PinterestDouble, s: Source) => requestsFor(double, s).flatMap((r) => r.events.map((e) => String(e.event_id)));
const recordsOf = (reports: BatchReport[], s: Source): RecordReport[] => reports.flatMap((b) => b.records).filter((r) => r.sourceId === s.id);
const finalOutcomes = (reports: BatchReport[], s: Source) => recordsOf(reports, s).filter((r) => r.outcome.kind !== 'retry');

export function describeDeliveryFlow(context: () => FlowContext): void {
  test('many signed events become a few batched, hashed, mapped requests with the source token', async () => {
    const { stack, double, reports } = context();
    const events = Array.from({ length: 250 }, (_, i) =>
      i === 0 ? freshTrack('shop-0', { event: 'Signed Up', properties: {} }) : freshTrack(`shop-${i}`),
    );
    const posted = await postSigned(stack.eventsUrl(SOURCES.shop.id), events, SOURCES.shop.secret);
    expect(posted).toEqual({ status: 200, body: { accepted: 250, ignored: 0, rejected: [] } });

    // Bounded by stalls, not by total time: on a contended machine 250 events through moto take long.
    await waitFor('all 250 events delivered', () => finalOutcomes(reports, SOURCES.shop).length === 250, {
      progress: () => finalOutcomes(reports, SOURCES.shop).length,
    });
    const requests = requestsFor(double, SOURCES.shop);
    // One request per worker invocation, and invocations carry many records (up to 100): how many
    // depends on how fast the queue filled, so the count is compared with the batches, not a constant.
    const invocations = reports.filter((b) => b.records.some((r) => r.sourceId === SOURCES.shop.id));
    expect(requests).toHaveLength(invocations.length);
    expect(requests.map((r) => r.events.length).sort((a, b) => a - b)).toEqual(invocations.map((b) => b.records.length).sort((a, b) => a - b));
    expect(requests.length).toBeLessThan(250 / 5);
    expect(new Set(eventIds(double, SOURCES.shop)).size).toBe(250);
    for (const request of requests) {
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/v5/ad_accounts/111/events');
      expect(request.testMode).toBe(false);
      expect(request.authorization).toBe(`Bearer ${SOURCES.shop.token}`);
      expect(request.contentType).toMatch(/^application\/json/);
      // PII leaves the process hashed only.
      expect(JSON.stringify(request.body)).not.toMatch(/jane\.doe@example\.com|555-0100/i);
    }

    const sent = requests.flatMap((r) => r.events);
    const signup = sent.find((e) => e.event_id === 'shop-0') as Record<string, unknown>;
    const order = sent.find((e) => e.event_id === 'shop-7') as Record<string, unknown>;
    expect(signup.event_name).toBe('signup');
    expect(order).toMatchObject({
      event_name: 'checkout',
      action_source: 'web',
      event_source_url: 'https://shop.example.com/thanks',
      user_data: {
        em: [sha256Hex('jane.doe@example.com')],
        ph: [sha256Hex('14155550100')],
        external_id: [sha256Hex('user-e2e')],
        client_ip_address: '203.0.113.9',
        client_user_agent: 'Mozilla/5.0 (e2e)',
      },
      custom_data: { currency: 'USD', value: '25.5', order_id: 'order-shop-7' },
    });
    // The jest timeout is only a last resort here; the wait above fails on a stall.
  }, 180_000);

  test('a test-mode source is delivered with ?test=true', async () => {
    const { stack, double } = context();
    expect((await postSigned(stack.eventsUrl(SOURCES.shopTest.id), freshTrack('test-mode-1'), SOURCES.shopTest.secret)).status).toBe(200);
    const [request] = await waitFor('the test-mode request', () => requestsFor(double, SOURCES.shopTest).length > 0 && requestsFor(double, SOURCES.shopTest));
    expect(request).toMatchObject({ url: '/v5/ad_accounts/222/events?test=true', testMode: true, authorization: `Bearer ${SOURCES.shopTest.token}` });
  });

  test('a 500 from Pinterest is retried inside the invocation and the event delivered once', async () => {
    const { stack, double, reports } = context();
    expect((await postSigned(stack.eventsUrl(SOURCES.flaky.id), freshTrack('flaky-1'), SOURCES.flaky.secret)).status).toBe(200);
    await waitFor('the retried event to be delivered', () => finalOutcomes(reports, SOURCES.flaky).length === 1);
    expect(finalOutcomes(reports, SOURCES.flaky).map((r) => r.outcome.kind)).toEqual(['delivered']);
    // Retried in the same invocation after a short backoff: no trip back through SQS.
    expect(recordsOf(reports, SOURCES.flaky).map((r) => r.outcome.kind)).toEqual(['delivered']);
    // First request answered 500, second 200: the event was sent twice and accepted once.
    expect(eventIds(double, SOURCES.flaky)).toEqual(['flaky-1', 'flaky-1']);
  });

  test('a 400 caused by one event dead-letters only that event, with its reason', async () => {
    const { stack, double, reports } = context();
    const events = ['ok-1', 'ok-2', 'bad-1', 'ok-3', 'ok-4'].map((id) => freshTrack(id));
    expect((await postSigned(stack.eventsUrl(SOURCES.picky.id), { batch: events }, SOURCES.picky.secret)).status).toBe(200);
    await waitFor('all five picky events to settle', () => finalOutcomes(reports, SOURCES.picky).length === 5);

    const delivered = new Set(
      requestsFor(double, SOURCES.picky)
        .filter((r) => !r.events.some((e) => e.event_id === 'bad-1'))
        .flatMap((r) => r.events.map((e) => e.event_id)),
    );
    expect([...delivered].sort()).toEqual(['ok-1', 'ok-2', 'ok-3', 'ok-4']);

    const dead = (await receiveAll(stack.sqs, stack.deadLetterQueueUrl)).filter((m) => readAttribute(m.MessageAttributes, 'sourceId') === SOURCES.picky.id);
    expect(dead).toHaveLength(1);
    const [letter] = dead;
    expect((JSON.parse(letter?.Body ?? '{}') as { messageId?: string }).messageId).toBe('bad-1');
    expect(readAttribute(letter?.MessageAttributes, 'reason')).toBe('pinterest_rejected');
    expect(readAttribute(letter?.MessageAttributes, 'detail')).toContain("'bogus' was unexpected");
  });

  test('a wrong signature gets 401 and nothing is enqueued', async () => {
    const { stack, double } = context();
    const forged = await postSigned(stack.eventsUrl(SOURCES.shop.id), freshTrack('forged-1'), 'not-the-secret');
    expect(forged).toEqual({ status: 401, body: { message: 'missing or invalid credentials' } });

    // A genuine event sent afterwards is delivered; the forged one never reached the queues.
    expect((await postSigned(stack.eventsUrl(SOURCES.shop.id), freshTrack('after-forged'), SOURCES.shop.secret)).status).toBe(200);
    await waitFor('the genuine event', () => eventIds(double, SOURCES.shop).includes('after-forged'));
    expect(eventIds(double, SOURCES.shop)).not.toContain('forged-1');
    const deadLetters = await receiveAll(stack.sqs, stack.deadLetterQueueUrl, 1);
    expect(deadLetters.map((m) => m.Body).join('\n')).not.toContain('forged-1');
  });

  // Runs last: by now every scenario above has delivered.
  test("every request Pinterest received conforms to Pinterest's published contract", () => {
    const { double } = context();
    expect(double.requests.length).toBeGreaterThan(3);
    expectRequestsAccepted(double.requests.map((r) => r.body));
  });
}
