import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { GetParametersCommand, SSMClient, type GetParametersCommandInput } from '@aws-sdk/client-ssm';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDeps, createHandler, handler } from '../../functions/ingest';
import { signPayload } from '../../lib/auth/signature';
import { apiGatewayEvent } from '../support/api-gateway';
import { trackEvent } from '../support/ingest-events';
import { captureOutput } from '../support/capture-output';

const sqs = mockClient(SQSClient);
const ssm = mockClient(SSMClient);
const env = {
  QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/main',
  DEAD_LETTER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/dead',
  SETTINGS_PREFIX: '/pinterest-tag/test',
};
const DEMO_SECRET = 'demo-webhook-secret';
const sampleEvent = (name: string) => JSON.parse(readFileSync(join(__dirname, '../../events/lambda', name), 'utf8')) as APIGatewayProxyEventV2;

function handlerUnderTest() {
  const deps = buildDeps(env);
  return createHandler({ ...deps, send: { ...deps.send, wait: async () => undefined } });
}


function acceptAll() {
  sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({
    Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: 'm', MD5OfMessageBody: 'x' })),
  }));
}

beforeEach(() => {
  sqs.reset();
  ssm.reset();
  // The demo source takes the Webhooks (Actions) array rule (events/lambda/ingest-array.json is signed that way).
  const demo = {
    '/pinterest-tag/test/sources/demo/webhook-secret': DEMO_SECRET,
    '/pinterest-tag/test/sources/demo/settings': JSON.stringify({ tagId: '1', auth: ['signature', 'array-signature', 'bearer', 'basic'] }),
  } as Record<string, string>;
  ssm.on(GetParametersCommand).callsFake((input: GetParametersCommandInput) => ({
    Parameters: (input.Names ?? []).filter((name) => name in demo).map((Name) => ({ Name, Value: demo[Name] })),
    InvalidParameters: (input.Names ?? []).filter((name) => !(name in demo)),
  }));
});

describe('ingest handler with the sample events', () => {
  it.each([
    ['ingest-single.json', 200, { accepted: 1, ignored: 0, rejected: [] }],
    ['ingest-array.json', 200, { accepted: 3, ignored: 1, rejected: [] }],
    ['ingest-batch.json', 200, { accepted: 3, ignored: 1, rejected: [expect.objectContaining({ index: 3, messageId: 'demo-invalid-1' })] }],
    ['ingest-bad-signature.json', 401, { message: 'missing or invalid credentials' }],
  ])('%s answers %i', async (file, status, body) => {
    acceptAll();
    const result = await captureOutput(async () => {
      const response = await handlerUnderTest()(sampleEvent(file));
      expect(response.statusCode).toBe(status);
      expect(JSON.parse(response.body as string)).toEqual(body);
      expect(response.headers).toMatchObject({ 'content-type': 'application/json' });
    });
    expect(result).toContain('"statusCode":' + status);
  });
});

describe('ingest handler', () => {
  it('builds its dependencies from the environment once, on the first call', async () => {
    acceptAll();
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      await captureOutput(async () => {
        expect((await handler(sampleEvent('ingest-single.json'))).statusCode).toBe(200);
        expect((await handler(sampleEvent('ingest-array.json'))).statusCode).toBe(200);
      });
    } finally {
      process.env = saved;
    }
    expect(ssm.commandCalls(GetParametersCommand)).toHaveLength(1);
    expect(sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.QueueUrl)).toEqual([env.QUEUE_URL, env.QUEUE_URL]);
  });

  it('answers 404 for a source id outside the pattern and 405 for other methods', async () => {
    const h = handlerUnderTest();
    const output = await captureOutput(async () => {
      expect((await h(apiGatewayEvent('jane.doe@example.com', '{}'))).statusCode).toBe(404);
      expect((await h(apiGatewayEvent('demo', '{}', {}, { method: 'GET' }))).statusCode).toBe(405);
    });
    expect(ssm.calls()).toHaveLength(0);
    // Whatever a caller put in the URL never reaches the logs.
    expect(output).toContain('"statusCode":404');
    expect(output).not.toContain('jane.doe');
  });

  it('answers 401 for an unknown source exactly as for a wrong secret', async () => {
    const h = handlerUnderTest();
    const body = JSON.stringify(trackEvent('m1'));
    let ghost: unknown;
    let wrong: unknown;
    await captureOutput(async () => {
      ghost = await h(apiGatewayEvent('ghost', body, { authorization: `Bearer ${DEMO_SECRET}` }));
      wrong = await h(apiGatewayEvent('demo', body, { authorization: 'Bearer nope' }));
    });
    expect(ghost).toEqual(wrong);
    expect(ghost).toMatchObject({ statusCode: 401 });
  });

  it('answers 400 for invalid JSON, 413 for an oversized body, 503 when SQS keeps failing', async () => {
    const h = handlerUnderTest();
    sqs.on(SendMessageBatchCommand).resolves({ Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false }] });
    const auth = { authorization: `Bearer ${DEMO_SECRET}` };
    const output = await captureOutput(async () => {
      expect(await h(apiGatewayEvent('demo', '{"a":', auth))).toMatchObject({ statusCode: 400, body: expect.stringContaining('invalid JSON at position 5') });
      expect(await h(apiGatewayEvent('demo', 'x'.repeat(5_300_000), auth))).toMatchObject({ statusCode: 413, body: expect.stringContaining('MAX_BODY_BYTES') });
      expect(await h(apiGatewayEvent('demo', JSON.stringify(trackEvent('m1')), auth))).toMatchObject({ statusCode: 503 });
    });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(3);
    expect(output).toContain('"error":"enqueue failed: InternalError"');
  });

  it('answers 503 when SSM is down', async () => {
    ssm.reset();
    ssm.on(GetParametersCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const h = handlerUnderTest();
    const output = await captureOutput(async () => {
      expect(await h(apiGatewayEvent('demo', '{}', { authorization: `Bearer ${DEMO_SECRET}` }))).toMatchObject({ statusCode: 503 });
    });
    expect(output).toContain('SecretLookupFailures');
  });

  it('publishes EMF metrics per source and logs counts', async () => {
    acceptAll();
    const output = await captureOutput(async () => {
      await handlerUnderTest()(sampleEvent('ingest-batch.json'));
    });
    const emf = output
      .split('\n')
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({ sourceId: 'demo', Received: 5, Accepted: 3, Ignored: 1, Rejected: 1, EnqueueRetries: 0, EnqueueFailures: 0 });
    expect(output).toMatch(/"message":"ingest request".*"sourceId":"demo".*"statusCode":200/);
  });

  it('never writes a secret, a credential or event data to the logs', async () => {
    acceptAll();
    const h = handlerUnderTest();
    const single = JSON.stringify(trackEvent('pii-1'));
    const basic = Buffer.from(`segment:${DEMO_SECRET}`).toString('base64');
    const output = await captureOutput(async () => {
      await h(apiGatewayEvent('demo', single, { authorization: `Bearer ${DEMO_SECRET}` }));
      await h(apiGatewayEvent('demo', single, { authorization: `Basic ${basic}` }));
      await h(apiGatewayEvent('demo', single, { 'x-signature': signPayload(DEMO_SECRET, single) }));
      await h(apiGatewayEvent('demo', single, { authorization: 'Bearer wrong-guess-secret' }));
      await h(apiGatewayEvent('demo', JSON.stringify([trackEvent('pii-2', { event: '' })]), { authorization: `Bearer ${DEMO_SECRET}` }));
    });
    expect(output).toContain('ingest request');
    for (const leak of [DEMO_SECRET, basic, 'wrong-guess-secret', signPayload(DEMO_SECRET, single), 'jane@example.com', '203.0.113.9', 'user-1']) {
      expect(output).not.toContain(leak);
    }
  });
});
