process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
import { getParametersFromFolders, ingestOrWorkerReads } from '../support/ssm-folders';

import { SendMessageBatchCommand, SQSClient, ChangeMessageVisibilityBatchCommand, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { GetParametersCommand, SSMClient, type GetParametersByPathCommandInput, type GetParametersCommandInput } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler } from '../../functions/ingest';
import { signPayload } from '../../lib/auth/signature';
import { createWorker } from '../../lib/delivery/worker';
import { logger } from '../../lib/observability/logger';
import { metrics } from '../../lib/observability/metrics';
import { createPinterestClient } from '../../lib/pinterest/client';
import { SsmSettingsProvider } from '../../lib/settings/ssm-provider';
import { apiGatewayEvent } from '../support/api-gateway';
import { captureOutput } from '../support/capture-output';
import { NOW } from '../support/delivery-events';
import { errorReply, perEvent, startPinterestDouble, type PinterestDouble, type Responder } from '../support/pinterest-double';
import { sqsRecord } from '../support/sqs-records';

/**
 * Secrets and personal data never leave through the side doors: not in any log line at any level
 * (DEBUG on), not in EMF metrics, not in dead-letter attributes, not in HTTP answers, and personal
 * data reaches Pinterest only hashed. Ingest and worker run with the real Powertools Logger and
 * Metrics through every path that logs: success, rejections, 400/401/413/503, Pinterest failures
 * of every kind, unusable settings (one holding its token in plain text inside broken JSON),
 * retries exhausted, a body that is not JSON, and failing dead-letter writes.
 */

const PREFIX = '/pinterest-tag/hygiene';
const WEBHOOK_SECRET = 'whsec-HYGIENE-9d8c7b6a';
const WRONG_GUESS = 'guess-SECRET-0000aaaa';
const TOKENS = {
  shop: 'pina_SHOP_TOKEN_e1e2e3',
  revoked: 'pina_REVOKED_TOKEN_f4f5',
  limited: 'pina_LIMITED_TOKEN_a6a7',
  flaky: 'pina_FLAKY_TOKEN_b8b9',
  broken: 'pina_BROKEN_PLAINTEXT_c0c1',
  plain: 'pina_PLAIN_DOC_TOKEN_d2d3',
};
const PII = {
  email: 'zelda.quarternight@example.org',
  phone: '+1 (415) 555-0199',
  phoneDigits: '14155550199',
  firstName: 'Zeldaria',
  lastName: 'Quarternight',
  street: '742 Evergreen Terrace',
  city: 'Springfieldia',
  postalCode: 'ZQ9 9ZQ',
  ip: '198.51.100.77',
  userId: 'user-zq-7731',
  advertisingId: '6D92078A-8246-4BA4-AE5B-76104861E7DC',
};
const FORBIDDEN = [WEBHOOK_SECRET, WRONG_GUESS, ...Object.values(TOKENS), ...Object.values(PII), PII.email.toUpperCase(), PII.advertisingId.toLowerCase()];

const ACCOUNTS = { shop: '700001', revoked: '700002', limited: '700003', flaky: '700004', plain: '700005' };

const sqs = mockClient(SQSClient);
const ssm = mockClient(SSMClient);

function event(messageId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'track',
    event: 'Order Completed',
    messageId,
    userId: PII.userId,
    timestamp: '2026-11-28T11:58:00.000Z',
    context: {
      ip: PII.ip,
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
      device: { advertisingId: PII.advertisingId },
      traits: {
        email: PII.email,
        phone: PII.phone,
        firstName: PII.firstName,
        lastName: PII.lastName,
        address: { street: PII.street, city: PII.city, postalCode: PII.postalCode, state: 'CA', country: 'US' },
      },
    },
    properties: { order_id: `o-${messageId}`, revenue: 12.5, currency: 'USD', email: PII.email },
    ...extra,
  };
}

const byAccount: Responder = (request) => {
  switch (request.adAccountId) {
    case ACCOUNTS.shop:
      return perEvent(request, (e) =>
        e.event_id === 'shop-2'
          ? { status: 'failed', error_message: 'Invalid parameter: custom_data.currency', warning_message: null }
          : e.event_id === 'shop-3'
            ? { status: 'processed', error_message: null, warning_message: "event_name is labeled as an 'Unknown' event" }
            : 'processed',
      );
    case ACCOUNTS.revoked:
      return errorReply(401, 2, 'Authentication failed.');
    case ACCOUNTS.limited:
      return errorReply(429, 8, 'Rate limit exceeded', { 'X-RateLimit-Reset': '30' });
    case ACCOUNTS.flaky:
      return request.events.length > 1 ? 'hang' : errorReply(503, 4197, 'ramped down');
    default:
      return request.events.some((e) => e.event_id === 'plain-bad') ? errorReply(400, 4196, 'Invalid request') : perEvent(request, () => 'processed');
  }
};

function settingsParameters(sourceId: string): { Name: string; Value: string }[] {
  const path = `${PREFIX}/sources/${sourceId}`;
  const doc = (account: string, extra: Record<string, unknown> = {}) => JSON.stringify({ tagId: '2614759966035', adAccountId: account, ...extra });
  switch (sourceId) {
    case 'broken':
      // Broken JSON around a plain-text token: the parse error must not quote it.
      return [{ Name: `${path}/settings`, Value: `{"tagId":"1","conversionToken":${TOKENS.broken}}` }];
    case 'plain':
      return [{ Name: `${path}/settings`, Value: doc(ACCOUNTS.plain, { conversionToken: TOKENS.plain, webhookSecret: WEBHOOK_SECRET }) }];
    case 'ghost':
      return [];
    default: {
      const key = sourceId as keyof typeof ACCOUNTS;
      return [
        { Name: `${path}/settings`, Value: doc(ACCOUNTS[key]) },
        { Name: `${path}/conversion-token`, Value: TOKENS[sourceId as keyof typeof TOKENS] },
      ];
    }
  }
}

let pinterest: PinterestDouble;
beforeAll(async () => {
  pinterest = await startPinterestDouble(byAccount);
  // The first fetch in a process loads undici: do it before timeouts matter.
  await fetch(`${pinterest.url}/warm-up`).then((r) => r.text());
  pinterest.requests.length = 0;
});
afterAll(() => pinterest.close());

describe('secrets and personal data stay out of logs, metrics, errors and dead-letter attributes', () => {
  it('at DEBUG level, through every path that logs', async () => {
    sqs.reset();
    ssm.reset();
    const deadLetterAttempts = new Map<string, number>();
    sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => {
      if (input.QueueUrl?.endsWith('/main') && (input.Entries ?? []).some((e) => e.MessageBody?.includes('"sqs-down"'))) {
        throw Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' });
      }
      const Failed: { Id: string; Code: string; SenderFault: boolean }[] = [];
      const Successful: { Id: string }[] = [];
      for (const entry of input.Entries ?? []) {
        // The dead letter of "dlq-fails" never gets written: the worker must log that without the event.
        const failing = input.QueueUrl?.endsWith('/dlq') && entry.MessageBody?.includes('"dlq-fails"');
        deadLetterAttempts.set(entry.MessageBody ?? '', (deadLetterAttempts.get(entry.MessageBody ?? '') ?? 0) + 1);
        if (failing) Failed.push({ Id: entry.Id as string, Code: 'InternalError', SenderFault: false });
        else Successful.push({ Id: entry.Id as string });
      }
      return { Successful, Failed };
    });
    sqs.on(ChangeMessageVisibilityBatchCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    const ingestReads = (input: GetParametersCommandInput) =>
      (input.Names ?? []).some((name) => name.includes('/ssm-down/'))
        ? Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
        : Promise.resolve({ Parameters: (input.Names ?? []).filter((name) => name.endsWith('/webhook-secret')).map((Name) => ({ Name, Value: WEBHOOK_SECRET })) });
    ssm.on(GetParametersCommand).callsFake(
      ingestOrWorkerReads(
        ingestReads,
        getParametersFromFolders((input: GetParametersByPathCommandInput) => {
          const sourceId = (input.Path ?? '').split('/').pop() as string;
          if (sourceId === 'ssm-down') return Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
          return Promise.resolve({ Parameters: settingsParameters(sourceId) });
        }),
      ),
    );

    const queueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/main';
    const deadLetterQueueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/dlq';
    const ingest = createHandler({
      settings: new SsmSettingsProvider({ prefix: PREFIX, client: new SSMClient({}) }),
      sqs: new SQSClient({}),
      queueUrl,
      deadLetterQueueUrl,
      limits: { maxBodyBytes: 8192, maxEventBytes: 4096 },
      send: { wait: async () => undefined },
    });
    const worker = createWorker({
      settings: new SsmSettingsProvider({ prefix: PREFIX, client: new SSMClient({}) }),
      sender: createPinterestClient({ baseUrl: pinterest.url, timeoutMs: 1000 }),
      sqs: new SQSClient({}),
      queueUrl,
      deadLetterQueueUrl,
      maxReceiveCount: 5,
      retryBaseSeconds: 30,
      concurrency: 4,
      requestTimeoutMs: 1000,
      now: () => NOW,
      sendWait: async () => undefined,
      sleep: async () => undefined,
      logger,
      metrics,
    });

    const single = JSON.stringify(event('in-1'));
    const batch = JSON.stringify({ batch: [event('in-2'), event('in-3', { event: '' }), event('in-4', { timestamp: PII.email })] });
    const responses: string[] = [];
    const output = await captureOutput(async () => {
      logger.debug('probe: debug lines are written');
      const calls = [
        apiGatewayEvent('shop', single, { 'x-signature': signPayload(WEBHOOK_SECRET, single) }),
        apiGatewayEvent('shop', batch, { authorization: `Bearer ${WEBHOOK_SECRET}` }),
        apiGatewayEvent('shop', JSON.stringify(event('in-5', { type: 'trak' })), { authorization: `Bearer ${WEBHOOK_SECRET}` }),
        apiGatewayEvent('shop', single, { authorization: `Bearer ${WRONG_GUESS}` }),
        apiGatewayEvent('shop', single, { authorization: `Basic ${Buffer.from(`u:${WRONG_GUESS}`).toString('base64')}` }),
        apiGatewayEvent('shop', `{"email": "${PII.email}", oops`, { authorization: `Bearer ${WEBHOOK_SECRET}` }),
        apiGatewayEvent('shop', JSON.stringify(event('in-6', { properties: { notes: PII.street.repeat(400) } })), { authorization: `Bearer ${WEBHOOK_SECRET}` }),
        apiGatewayEvent('shop', JSON.stringify(event('sqs-down')), { authorization: `Bearer ${WEBHOOK_SECRET}` }),
        apiGatewayEvent('ssm-down', single, { authorization: `Bearer ${WEBHOOK_SECRET}` }),
      ];
      for (const call of calls) responses.push(JSON.stringify(await ingest(call)));

      const rec = (id: string, sourceId: string, body: unknown, receiveCount = 1) =>
        sqsRecord(id, typeof body === 'string' ? body : JSON.stringify(body), { sourceId, receiveCount });
      await worker({
        Records: [
          rec('r1', 'shop', event('shop-1')),
          rec('r2', 'shop', event('shop-2')),
          rec('r3', 'shop', event('shop-3')),
          rec('r4', 'shop', `{"em": ${PII.email}, "ph": "${PII.phone}"}`),
          rec('r5', 'shop', event('shop-old', { timestamp: '2026-11-01T00:00:00.000Z' })),
          rec('r6', 'shop', { ...event('shop-noid'), context: { traits: { firstName: PII.firstName } }, properties: {} }),
          rec('r7', 'revoked', event('rev-1')),
          rec('r8', 'limited', event('lim-1')),
          rec('r9', 'flaky', event('flaky-1'), 5),
          rec('r10', 'flaky', event('flaky-2')),
          rec('r11', 'broken', event('broken-1')),
          rec('r12', 'plain', event('plain-1')),
          rec('r13', 'plain', event('plain-bad')),
          rec('r14', 'ghost', event('ghost-1')),
          rec('r15', 'ssm-down', event('down-1')),
          rec('r16', 'shop', event('dlq-fails', { timestamp: '2026-11-01T00:00:00.000Z' })),
        ],
      });
    });

    // The paths really ran: debug on, every kind of line and metric written.
    for (const expected of [
      'probe: debug lines are written',
      '"statusCode":401',
      '"statusCode":413',
      '"statusCode":503',
      '"statusCode":400',
      'Pinterest rejected an event',
      'Pinterest warning',
      'Pinterest refused the credentials',
      'source settings unusable',
      'settings unavailable',
      'settings warning',
      'dead-letter writes failed',
      'could not delay some retries',
      'EventsDeadLettered.retries_exhausted',
      'EnqueueFailures',
    ]) {
      expect(output).toContain(expected);
    }

    const deadLetterAttributes = sqs
      .commandCalls(SendMessageBatchCommand)
      .filter((c) => c.args[0].input.QueueUrl === deadLetterQueueUrl)
      .flatMap((c) => (c.args[0].input as SendMessageBatchCommandInput).Entries ?? [])
      .map((e) => JSON.stringify(e.MessageAttributes));
    expect(deadLetterAttributes.length).toBeGreaterThanOrEqual(10);
    expect(deadLetterAttributes.join('\n')).toMatch(/settings_invalid.*is not valid JSON: invalid JSON at position/);

    const pinterestBodies = pinterest.requests.map((r) => JSON.stringify(r.body));
    expect(pinterestBodies.length).toBeGreaterThan(0);

    const places = { logsAndMetrics: output, httpAnswers: responses.join('\n'), deadLetterAttributes: deadLetterAttributes.join('\n') };
    for (const [place, text] of Object.entries(places)) {
      for (const value of FORBIDDEN) expect({ place, value, found: text.includes(value) }).toEqual({ place, value, found: false });
    }
    // Pinterest gets hashes; the conversion token only in the Authorization header.
    for (const value of [PII.email, PII.phone, PII.phoneDigits, PII.firstName, PII.lastName, PII.street, PII.city, PII.userId, ...Object.values(TOKENS)]) {
      expect({ value, sentToPinterest: pinterestBodies.some((b) => b.includes(value)) }).toEqual({ value, sentToPinterest: false });
    }
  });
});
