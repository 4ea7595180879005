import { createHandler } from '../../functions/ingest';
import type { LoggerLike } from '../../lib/delivery/process-batch';
import { startLocalStack, type LocalStack } from '../../lib/local';
import { createOutcomeLog, eventLabel } from '../../lib/local/outcome-log';
import { formatLogLine } from '../../lib/local/pretty-log';
import { FileSettingsProvider } from '../../lib/settings/file-provider';
import { freshTrack, postSigned, waitFor } from '../support/local-stack';
import { sqsRecord } from '../support/sqs-records';

type Line = { level: string; message: string; attributes: Record<string, unknown> };
function recordingLogger(lines: Line[]): LoggerLike {
  const at = (level: string) => (message: string, attributes: Record<string, unknown> = {}) => void lines.push({ level, message, attributes });
  return { info: at('INFO'), warn: at('WARN'), error: at('ERROR') } as LoggerLike;
}

describe('eventLabel', () => {
  it('is the type and name of the event, nothing personal', () => {
    expect(eventLabel(JSON.stringify({ type: 'track', event: 'Order Completed', userId: 'jane', properties: { email: 'j@x.com' } }))).toBe('track "Order Completed"');
    expect(eventLabel(JSON.stringify({ type: 'page', name: 'Pricing', context: { traits: { email: 'j@x.com' } } }))).toBe('page "Pricing"');
    expect(eventLabel(JSON.stringify({ type: 'identify', traits: { email: 'j@x.com' } }))).toBe('identify');
    expect(eventLabel('{nope')).toBe('(not JSON)');
  });
});

describe('createOutcomeLog', () => {
  it('logs each dead letter and retry with reason and detail next to its event; deliveries stay quiet', () => {
    const lines: Line[] = [];
    const log = createOutcomeLog(recordingLogger(lines));
    const body = (event: string) => JSON.stringify({ type: 'track', event, userId: 'user-42', properties: { email: 'jane@example.com' } });
    log.remember({ Records: [sqsRecord('m1', body('Order Completed'), { sourceId: 'web' }), sqsRecord('m2', body('Signed Up'), { sourceId: 'web' }), sqsRecord('m3', body('Lead'), { sourceId: 'web' })] });
    log.onReport({
      records: [
        { messageId: 'm1', sourceId: 'web', failed: false, outcome: { kind: 'deadLetter', reason: 'pinterest_rejected', detail: 'Invalid currency' } },
        { messageId: 'm2', sourceId: 'web', failed: true, retryDelaySeconds: 30, outcome: { kind: 'retry', cause: 'pinterest_unavailable', detail: 'network error: ECONNRESET' } },
        { messageId: 'm3', sourceId: 'web', failed: false, outcome: { kind: 'delivered' } },
      ],
      batchItemFailures: [{ itemIdentifier: 'm2' }],
      requests: 1,
      splits: 0,
      notSent: 0,
      retriedInInvocation: 0,
      probes: 0,
      heldBack: 0,
      stats: {} as never,
    });
    expect(lines).toEqual([
      { level: 'WARN', message: 'event dead-lettered', attributes: { sourceId: 'web', event: 'track "Order Completed"', messageId: 'm1', reason: 'pinterest_rejected', detail: 'Invalid currency' } },
      { level: 'WARN', message: 'event will be retried', attributes: { sourceId: 'web', event: 'track "Signed Up"', messageId: 'm2', cause: 'pinterest_unavailable', retryInSeconds: 30, detail: 'network error: ECONNRESET' } },
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/jane@|user-42/);
  });
});

describe('the local stack with explainOutcomes (npm start)', () => {
  let stack: LocalStack;
  const lines: Line[] = [];

  beforeAll(async () => {
    stack = await startLocalStack({
      createIngestHandler: createHandler,
      // No adAccountId: every event of this source is dead-lettered as settings_missing.
      settings: new FileSettingsProvider({ sources: { nowhere: { tagId: '2614759966035', webhookSecret: 's3cret', conversionToken: 'pina_T' } } }),
      port: 0,
      sqs: { embedded: { port: 0 } },
      sandbox: { port: 0 },
      poller: { batchWindowMs: 100 },
      logger: recordingLogger(lines),
      explainOutcomes: true,
    });
  });
  afterAll(() => stack?.stop());

  it('prints the reason and detail of a dead letter under the event, in the pretty log', async () => {
    const posted = await postSigned(stack.eventsUrl('nowhere'), freshTrack('explain-1'), 's3cret');
    expect(posted.status).toBe(200);
    const line = await waitFor('the dead-letter line', () => lines.find((l) => l.message === 'event dead-lettered'));
    expect(line.attributes).toMatchObject({ sourceId: 'nowhere', event: 'track "Order Completed"', reason: 'settings_missing' });
    const pretty = formatLogLine(JSON.stringify({ level: line.level, message: line.message, timestamp: '2026-12-01T12:00:00.000Z', ...line.attributes })) as string;
    expect(pretty).toMatch(/^12:00:00.000 WARN {2}event dead-lettered {2}sourceId=nowhere event="track \\"Order Completed\\"" messageId=\S+\n {19}↳ reason=settings_missing {2}detail=".+"$/);
    expect(pretty).not.toMatch(/Jane|user-e2e|203\.0\.113/);
  });
});
