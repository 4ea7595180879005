import type { Context, SQSEvent } from 'aws-lambda';
import { getParametersFromFolders } from '../support/ssm-folders';
import { mockClient } from 'aws-sdk-client-mock';
import { startPinterestDouble, type PinterestDouble } from '../support/pinterest-double';
import { trackEvent } from '../support/delivery-events';
import { sqsRecord } from '../support/sqs-records';

/**
 * The handler module builds its clients at import, so each test imports it in an isolated module
 * registry and mocks the SDK classes of that registry.
 */
const TOKEN = 'pina_HANDLER_SECRET_TOKEN';
let pinterest: PinterestDouble;
const savedEnv = { ...process.env };

beforeEach(async () => {
  pinterest = await startPinterestDouble();
  Object.assign(process.env, {
    QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/main',
    DEAD_LETTER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/dlq',
    SETTINGS_PREFIX: '/pinterest-tag/test',
    PINTEREST_API_URL: pinterest.url,
    // Belt and braces: an unmocked AWS call fails on loopback instead of reaching AWS.
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  });
});
afterEach(async () => {
  process.env = { ...savedEnv };
  jest.restoreAllMocks();
  await pinterest.close();
});

const context = { getRemainingTimeInMillis: () => 60_000, functionName: 'worker', awsRequestId: 'req-1' } as unknown as Context;

describe('functions/worker handler', () => {
  it('reads settings from SSM, delivers to PINTEREST_API_URL, dead-letters, and never writes the token to stdout or stderr', async () => {
    const output: string[] = [];
    const event: SQSEvent = {
      Records: [
        sqsRecord('m1', JSON.stringify(trackEvent('m1', { timestamp: new Date().toISOString() })), { sourceId: 'web' }),
        sqsRecord('m2', JSON.stringify(trackEvent('m2')), { sourceId: 'ghost' }),
      ],
    };
    let response: unknown;
    let dlqInput: { QueueUrl?: string; Entries?: { MessageAttributes?: Record<string, { StringValue?: string }> }[] } | undefined;

    await jest.isolateModulesAsync(async () => {
      const { SSMClient, GetParametersCommand } = await import('@aws-sdk/client-ssm');
      const { SQSClient, SendMessageBatchCommand } = await import('@aws-sdk/client-sqs');
      const ssm = mockClient(SSMClient);
      const sqs = mockClient(SQSClient);
      ssm.on(GetParametersCommand).callsFake(
        getParametersFromFolders(({ Path }) => ({
          Parameters:
            Path === '/pinterest-tag/test/sources/web'
              ? [
                  { Name: '/pinterest-tag/test/sources/web/settings', Value: JSON.stringify({ tagId: '1', adAccountId: '549755885175' }) },
                  { Name: '/pinterest-tag/test/sources/web/conversion-token', Value: TOKEN },
                ]
              : [],
        })),
      );
      sqs.on(SendMessageBatchCommand).callsFake((input: { Entries?: { Id?: string }[] }) => ({ Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id })) }));
      for (const stream of [process.stdout, process.stderr]) {
        jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
          output.push(String(chunk));
          return true;
        });
      }
      const { handler } = await import('../../functions/worker');
      response = await handler(event, context);
      jest.restoreAllMocks();
      dlqInput = sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input;
      ssm.restore();
      sqs.restore();
    });

    expect(response).toEqual({ batchItemFailures: [] });
    expect(pinterest.requests).toHaveLength(1);
    expect(pinterest.requests[0]).toMatchObject({ url: '/v5/ad_accounts/549755885175/events', authorization: `Bearer ${TOKEN}` });
    expect(dlqInput?.QueueUrl).toBe('https://sqs.us-east-1.amazonaws.com/123456789012/dlq');
    expect(dlqInput?.Entries?.[0]?.MessageAttributes?.reason?.StringValue).toBe('settings_missing');
    const text = output.join('');
    expect(text).toContain('"EventsDelivered"'); // EMF metrics went out
    expect(text).toContain('settings_missing'); // the warning log line was captured too
    expect(text).not.toContain(TOKEN);
  });

  it('fails the cold start with a message naming a missing variable', async () => {
    delete process.env.DEAD_LETTER_QUEUE_URL;
    await expect(jest.isolateModulesAsync(async () => void (await import('../../functions/worker')))).rejects.toThrow(
      'environment variable DEAD_LETTER_QUEUE_URL is required',
    );
  });
});
