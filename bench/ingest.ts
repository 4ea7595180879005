import { createHmac } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createHandler } from '../functions/ingest';
import { signPayload } from '../lib/auth/signature';
import { readIngestConfig } from '../lib/ingest/config';
import { FileSettingsProvider } from '../lib/settings/file-provider';
import { apiGatewayEvent } from '../test/support/api-gateway';
import { eventTexts, fakeSqs, settingsDocument, SOURCE_ID, type SqsCall } from './fixtures';
import type { Figure } from './figures';
import { measure, type MeasureOptions } from './measure';

/**
 * The ingest handler end to end (size check, secret lookup, X-Signature, parse, validate, SQS
 * entries, SendMessageBatch on a fake client), for single-event bodies (classic Webhooks, signed
 * over the raw body) and 100-event array bodies (Webhooks Actions batch mode, signed over
 * JSON.stringify(body[0])). Floor: JSON.parse of the body + the HMAC over it + JSON.stringify of
 * every event (the SQS message bodies).
 */
export const BATCH_SIZE = 100;

export interface IngestWorkload {
  singles: APIGatewayProxyEventV2[];
  batches: APIGatewayProxyEventV2[];
  secret: string;
}

export function ingestWorkload(events: number): IngestWorkload {
  const doc = settingsDocument();
  const secret = doc.webhookSecret as string;
  const texts = eventTexts(events);
  const singles = texts.map((body) => apiGatewayEvent(SOURCE_ID, body, { 'x-signature': signPayload(secret, body) }));
  const batches: APIGatewayProxyEventV2[] = [];
  for (let i = 0; i + BATCH_SIZE <= texts.length; i += BATCH_SIZE) {
    const slice = texts.slice(i, i + BATCH_SIZE);
    const body = `[${slice.join(',')}]`;
    batches.push(apiGatewayEvent(SOURCE_ID, body, { 'x-signature': signPayload(secret, slice[0] as string) }));
  }
  return { singles, batches, secret };
}

export function ingestHandler(): { handler: ReturnType<typeof createHandler>; calls: SqsCall[] } {
  const config = readIngestConfig({ QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/main', DEAD_LETTER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/dlq', SETTINGS_PREFIX: '/bench' });
  const sqs = fakeSqs();
  const handler = createHandler({
    // The batches are signed the Webhooks Actions way, which a source must opt in to.
    settings: new FileSettingsProvider({ sources: { [SOURCE_ID]: { ...settingsDocument(), auth: ['signature', 'array-signature'] } } }),
    sqs: sqs.client,
    queueUrl: config.queueUrl,
    deadLetterQueueUrl: config.deadLetterQueueUrl,
    limits: { maxBodyBytes: config.maxBodyBytes, maxEventBytes: config.maxEventBytes },
    send: { maxAttempts: 3, baseDelayMs: 50 },
  });
  return { handler, calls: sqs.calls };
}

function floor(request: APIGatewayProxyEventV2, secret: string): number {
  const body = request.body as string;
  const parsed: unknown = JSON.parse(body);
  let bytes = createHmac('sha1', secret).update(body).digest('hex').length;
  for (const event of Array.isArray(parsed) ? parsed : [parsed]) bytes += JSON.stringify(event).length;
  return bytes;
}

/** Every request of a workload through the handler; throws unless every event was accepted. */
async function runAll(handler: ReturnType<typeof createHandler>, requests: readonly APIGatewayProxyEventV2[]): Promise<void> {
  for (const request of requests) {
    const response = await handler(request);
    if (response.statusCode !== 200) throw new Error(`ingest answered ${response.statusCode}: ${response.body}`);
  }
}

export interface IngestMeasurement {
  figures: Figure[];
  /** SendMessageBatch calls and billed bytes for 1,000 events in 100-event bodies and in single-event bodies. */
  batchedCalls: SqsCall[];
  singleCalls: SqsCall[];
}

export async function ingestFigures(options: MeasureOptions & { events: number }): Promise<IngestMeasurement> {
  const w = ingestWorkload(options.events);
  const { handler } = ingestHandler();
  // Counts first, on fresh fake clients: 1,000 events each way.
  const counted = ingestHandler();
  await runAll(counted.handler, w.batches.slice(0, 1000 / BATCH_SIZE));
  const batchedCalls = [...counted.calls];
  counted.calls.length = 0;
  await runAll(counted.handler, w.singles.slice(0, 1000));
  const singleCalls = [...counted.calls];

  const ms = await measure(
    [
      { name: 'single', fn: () => runAll(handler, w.singles) },
      { name: 'batch', fn: () => runAll(handler, w.batches) },
      { name: 'single_floor', fn: () => w.singles.forEach((r) => floor(r, w.secret)) },
      { name: 'batch_floor', fn: () => w.batches.forEach((r) => floor(r, w.secret)) },
    ],
    options,
  );
  const usPerEvent = (name: string) => ((ms.get(name) as number) * 1000) / w.singles.length;
  const single = usPerEvent('single');
  const batch = usPerEvent('batch');
  return {
    batchedCalls,
    singleCalls,
    figures: [
      { figure: 'ingest_us_per_event_single', value: single, unit: 'µs/event', budget: null, note: `one event per request (${Math.round(1e6 / single)} requests/s)` },
      { figure: 'ingest_us_per_event_batch100', value: batch, unit: 'µs/event', budget: null, note: `100-event array bodies (${Math.round(1e6 / batch / BATCH_SIZE)} requests/s)` },
      { figure: 'ingest_ratio', value: usPerEvent('batch_floor') / batch, unit: 'ratio', budget: 0.33, compare: 'min', note: 'floor / handler, 100-event bodies' },
      { figure: 'ingest_ratio_single', value: usPerEvent('single_floor') / single, unit: 'ratio', budget: null, note: 'floor / handler, one event per request' },
    ],
  };
}
