import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createHandler } from '../../functions/ingest';
import { sourceIdFromPath } from '../../lib/http/source-path';
import { FileSettingsProvider } from '../../lib/settings/file-provider';
import { trackEvent } from '../support/ingest-events';
import '../support/quiet-logs';

/**
 * The ingest handler behind a Lambda Function URL (stage param `ingestEndpoint: functionUrl`):
 * the payload is API Gateway's v2 format, but with routeKey `$default` and no pathParameters, so
 * the source id comes from rawPath. Event shape as AWS documents it for Function URLs.
 */
const sqs = mockClient(SQSClient);
const SECRET = 'url-secret';

function functionUrlEvent(rawPath: string, body: string, method = 'POST'): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}`, host: 'abcdefg.lambda-url.us-east-1.on.aws' },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abcdefg',
      domainName: 'abcdefg.lambda-url.us-east-1.on.aws',
      domainPrefix: 'abcdefg',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'Segment.io/1.0' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '28/Nov/2026:10:00:05 +0000',
      timeEpoch: Date.parse('2026-11-28T10:00:05.000Z'),
    },
    body,
    isBase64Encoded: false,
  };
}

const handler = createHandler({
  settings: new FileSettingsProvider({ sources: { web: { tagId: '2614759966035', adAccountId: '549755885175', webhookSecret: SECRET } } }),
  sqs: new SQSClient({}),
  queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/main',
  deadLetterQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/dead',
  limits: { maxBodyBytes: 1_048_576, maxEventBytes: 258_048 },
  send: { wait: async () => undefined },
});

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({
    Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: 'm', MD5OfMessageBody: 'x' })),
  }));
});

describe('ingest behind a Lambda Function URL', () => {
  it('accepts a signed-in POST to /v1/sources/{id}/events and enqueues it', async () => {
    const response = await handler(functionUrlEvent('/v1/sources/web/events', JSON.stringify(trackEvent('m-1'))));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body as string)).toEqual({ accepted: 1, ignored: 0, rejected: [] });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });

  it('any other path is a 404 and reaches neither settings nor SQS; other methods get 405', async () => {
    for (const path of ['/', '/v1/sources/web', '/v1/sources/web/events/x', '/v1/sources//events', '/v1/sources/a%2Fb/events', '/v1/sources/%E0%A4%A/events']) {
      const response = await handler(functionUrlEvent(path, '{}'));
      expect([path, response.statusCode]).toEqual([path, 404]);
    }
    expect((await handler(functionUrlEvent('/v1/sources/web/events', '{}', 'GET'))).statusCode).toBe(405);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });
});

describe('sourceIdFromPath', () => {
  it('reads the id segment only from the events path', () => {
    expect(sourceIdFromPath('/v1/sources/web/events')).toBe('web');
    expect(sourceIdFromPath('/v1/sources/web/events/')).toBe('web');
    expect(sourceIdFromPath('/v1/sources/web/other')).toBeUndefined();
    expect(sourceIdFromPath(undefined)).toBeUndefined();
  });
});
