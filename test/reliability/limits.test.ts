import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { signPayload } from '../../lib/auth/signature';
import { decodeBody } from '../../lib/http/decode-body';
import { parseJson } from '../../lib/util/parse-json';
import { handleIngest, type IngestDeps } from '../../lib/ingest/handle-ingest';
import { FileSettingsProvider } from '../../lib/settings/file-provider';
import { trackEvent } from '../support/ingest-events';

/**
 * Size limits hold before any work is done: an oversized body is refused with 413 from its
 * declared or measured size, before the secret is looked up, before it is decoded (no second copy
 * of a base64 body) and before it is parsed. Within the limit, the body is parsed exactly once,
 * even when authentication needs the parsed array.
 */

jest.mock('../../lib/util/parse-json', () => {
  const actual = jest.requireActual<typeof import('../../lib/util/parse-json')>('../../lib/util/parse-json');
  return { ...actual, parseJson: jest.fn(actual.parseJson) };
});
jest.mock('../../lib/http/decode-body', () => {
  const actual = jest.requireActual<typeof import('../../lib/http/decode-body')>('../../lib/http/decode-body');
  return { ...actual, decodeBody: jest.fn(actual.decodeBody) };
});
const parses = parseJson as jest.MockedFunction<typeof parseJson>;
const decodes = decodeBody as jest.MockedFunction<typeof decodeBody>;

const SECRET = 'limits-secret-31b9';
const MAX_BODY = 64 * 1024;
const MAX_EVENT = 8 * 1024;
const sqs = mockClient(SQSClient);
// The source takes the Webhooks (Actions) array rule too, so the oversized-event case below can use it.
const settings = new FileSettingsProvider({
  sources: { src: { tagId: '1', adAccountId: '1', webhookSecret: SECRET, auth: ['signature', 'array-signature', 'bearer', 'basic'] } },
});
const secretLookups = jest.spyOn(settings, 'getIngestCredentials');
const deps: IngestDeps = {
  settings,
  sqs: new SQSClient({}),
  queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/main',
  deadLetterQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/dlq',
  limits: { maxBodyBytes: MAX_BODY, maxEventBytes: MAX_EVENT },
  send: { wait: async () => undefined },
};
const bearer = { authorization: `Bearer ${SECRET}` };

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({ Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id })) }));
  parses.mockClear();
  decodes.mockClear();
  secretLookups.mockClear();
});

const untouched = () => {
  expect(secretLookups).not.toHaveBeenCalled();
  expect(decodes).not.toHaveBeenCalled();
  expect(parses).not.toHaveBeenCalled();
  expect(sqs.calls()).toHaveLength(0);
};

describe('oversized requests are refused before any work', () => {
  it('a declared Content-Length over the limit: 413 without looking at the body', async () => {
    const outcome = await handleIngest({ sourceId: 'src', headers: { ...bearer, 'Content-Length': '52428800' }, body: '{}' }, deps);
    expect(outcome).toMatchObject({ statusCode: 413, body: { message: `request body is 52428800 bytes; the limit is ${MAX_BODY} bytes (MAX_BODY_BYTES)` } });
    untouched();
  });

  it('a body over the limit without Content-Length (or lying about it): 413, not authenticated, decoded or parsed', async () => {
    const body = JSON.stringify({ batch: Array.from({ length: 300 }, (_, i) => trackEvent(`big-${i}`)) });
    expect(body.length).toBeGreaterThan(MAX_BODY);
    for (const headers of [bearer, { ...bearer, 'content-length': '10' }, { 'x-signature': signPayload(SECRET, body) }]) {
      const outcome = await handleIngest({ sourceId: 'src', headers, body }, deps);
      expect(outcome.statusCode).toBe(413);
    }
    untouched();
  });

  it('counts UTF-8 bytes, not characters: 15,000 × "é€" is 30,000 characters but 75,000 bytes', async () => {
    const body = `{"type":"track","event":"x","messageId":"m","timestamp":"2026-11-28T10:00:00Z","userId":"u","properties":{"t":"${'é€'.repeat(15_000)}"}}`;
    expect(body.length).toBeLessThan(MAX_BODY);
    const outcome = await handleIngest({ sourceId: 'src', headers: bearer, body }, deps);
    expect(outcome).toMatchObject({ statusCode: 413, body: { message: expect.stringMatching(/^request body is 75\d{3} bytes/) } });
    untouched();
  });

  it('a base64 body is measured by its decoded size without being decoded', async () => {
    const raw = Buffer.alloc(MAX_BODY + 3, 0x7b);
    const outcome = await handleIngest({ sourceId: 'src', headers: bearer, body: raw.toString('base64'), isBase64Encoded: true }, deps);
    expect(outcome).toMatchObject({ statusCode: 413, body: { message: `request body is ${MAX_BODY + 3} bytes; the limit is ${MAX_BODY} bytes (MAX_BODY_BYTES)` } });
    untouched();
  });

  it('more events than Segment ever batches: 413 after one parse, nothing enqueued', async () => {
    const body = `[${Array(4001).fill('{}').join(',')}]`;
    const outcome = await handleIngest({ sourceId: 'src', headers: bearer, body }, deps);
    expect(outcome).toMatchObject({ statusCode: 413, body: { message: 'body holds 4001 events; the limit is 4000 per request' } });
    expect(parses).toHaveBeenCalledTimes(1);
    expect(sqs.calls()).toHaveLength(0);
  });
});

describe('oversized events', () => {
  const big = () => trackEvent('too-big', { properties: { notes: 'x'.repeat(MAX_EVENT) } });

  it('a single event over MAX_EVENT_BYTES: 413, parsed once, nothing stored', async () => {
    const body = JSON.stringify(big());
    const outcome = await handleIngest({ sourceId: 'src', headers: bearer, body }, deps);
    expect(outcome).toMatchObject({ statusCode: 413, body: { message: expect.stringMatching(/^event is \d+ bytes; the limit is 8192 bytes \(MAX_EVENT_BYTES\)$/) } });
    expect(parses).toHaveBeenCalledTimes(1);
    expect(sqs.calls()).toHaveLength(0);
  });

  it('inside an array signed the Webhooks Actions way: only that event is rejected, and the body is parsed once (auth reads only the first element)', async () => {
    const events = [trackEvent('ok-1'), big(), trackEvent('ok-2')];
    const body = JSON.stringify(events);
    const outcome = await handleIngest({ sourceId: 'src', headers: { 'x-signature': signPayload(SECRET, JSON.stringify(events[0])) }, body }, deps);
    expect(outcome).toMatchObject({
      statusCode: 200,
      body: { accepted: 2, ignored: 0, rejected: [{ index: 1, messageId: 'too-big', reason: 'invalid_event', message: expect.stringMatching(/MAX_EVENT_BYTES/) }] },
    });
    expect(parses).toHaveBeenCalledTimes(1);
    expect(decodes).toHaveBeenCalledTimes(1);
  });
});
