import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { GetParametersCommand, SSMClient, type GetParametersCommandInput } from '@aws-sdk/client-ssm';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { buildDeps, createHandler } from '../../functions/ingest';
import { apiGatewayEvent } from '../support/api-gateway';
import { captureOutput } from '../support/capture-output';
import { trackEvent } from '../support/ingest-events';

/**
 * The ingest handler's two doors (webhook path, tracking API routes) as API Gateway invokes it, and
 * its log lines: a source id only once the source is known, and no value the sender chose.
 */
const sqs = mockClient(SQSClient);
const ssm = mockClient(SSMClient);
const SECRET = 'web-webhook-secret';
const WRITE_KEY = 'web.Q7vd2mX0kP4sT9wZ1yB3cE5gH8jL0nR2';
const PARAMETERS: Record<string, string> = {
  '/pinterest-tag/test/sources/web/webhook-secret': SECRET,
  '/pinterest-tag/test/sources/web/write-key': WRITE_KEY,
};

function handler() {
  const deps = buildDeps({
    QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/main',
    DEAD_LETTER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/dead',
    SETTINGS_PREFIX: '/pinterest-tag/test',
  });
  return createHandler({ ...deps, send: { ...deps.send, wait: async () => undefined } });
}

function trackingEvent(call: string, body: string, headers: Record<string, string>, stagePrefix = ''): APIGatewayProxyEventV2 {
  const base = apiGatewayEvent('unused', body, headers);
  const { pathParameters: _none, ...rest } = base;
  const routeKey = `POST /v1/${call}`;
  return { ...rest, routeKey, rawPath: `${stagePrefix}/v1/${call}`, requestContext: { ...base.requestContext, routeKey } };
}

const basic = (user: string, password = '') => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

beforeEach(() => {
  sqs.reset();
  ssm.reset();
  sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({ Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id })) }));
  ssm.on(GetParametersCommand).callsFake((input: GetParametersCommandInput) => ({
    Parameters: (input.Names ?? []).filter((n) => n in PARAMETERS).map((Name) => ({ Name, Value: PARAMETERS[Name] })),
    InvalidParameters: (input.Names ?? []).filter((n) => !(n in PARAMETERS)),
  }));
});

describe('ingest handler: the tracking API routes', () => {
  it('takes POST /v1/batch with the write key, whatever stage prefix the raw path carries, and logs the source', async () => {
    const h = handler();
    const body = JSON.stringify({ batch: [trackEvent('t-1'), trackEvent('t-2')] });
    let response: Awaited<ReturnType<typeof h>> | undefined;
    const output = await captureOutput(async () => {
      response = await h(trackingEvent('batch', body, { authorization: basic(WRITE_KEY) }, '/prod'));
    });
    expect(response).toMatchObject({ statusCode: 200 });
    expect(JSON.parse(response?.body as string)).toMatchObject({ accepted: 2 });
    expect(output).toMatch(/"message":"ingest request".*"sourceId":"web".*"statusCode":200.*"authMethod":"write-key"/);
    expect(output).not.toContain(WRITE_KEY);
  });

  it('answers 401 with a Basic challenge for a wrong write key', async () => {
    let response: Awaited<ReturnType<ReturnType<typeof handler>>> | undefined;
    await captureOutput(async () => {
      response = await handler()(trackingEvent('track', JSON.stringify(trackEvent('t-3')), { authorization: basic('web.wrong-wrong-wrong-wrong-wrong') }));
    });
    expect(response).toMatchObject({ statusCode: 401, headers: { 'www-authenticate': 'Basic realm="segment"' } });
  });
});

describe('ingest handler: log lines carry nothing the sender chose (issue 13, item 8)', () => {
  it('no messageIds of rejected events, no made-up source ids, no credentials', async () => {
    const h = handler();
    const hostileIds = ['jane.doe@example.com', '+14155550100', 'order-4711-secret-coupon'];
    const batch = JSON.stringify({ batch: [trackEvent('fine'), ...hostileIds.map((id) => trackEvent(id, { event: '' }))] });
    const output = await captureOutput(async () => {
      const accepted = await h(apiGatewayEvent('web', batch, { authorization: `Bearer ${SECRET}` }));
      // The sender still gets each rejected event's messageId in the response.
      expect(JSON.parse(accepted.body as string).rejected.map((r: { messageId: string }) => r.messageId)).toEqual(hostileIds);
      await h(apiGatewayEvent('invented-source-7f3a', batch, { authorization: `Bearer ${SECRET}` }));
      await h(trackingEvent('batch', batch, { authorization: basic('made-up.Q7vd2mX0kP4sT9wZ1yB3cE5gH8jL0nR2') }));
    });
    const lines = output.split('\n').filter((l) => l.includes('"ingest request"'));
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ sourceId: 'web', rejectedEvents: [{ index: 1 }, { index: 2 }, { index: 3 }] });
    for (const leak of [...hostileIds, 'invented-source-7f3a', 'made-up', SECRET]) expect(output).not.toContain(leak);
    expect(JSON.parse(lines[1] as string)).toMatchObject({ statusCode: 401, error: 'unknown source' });
    expect(JSON.parse(lines[1] as string).sourceId).toBeUndefined();
  });
});
