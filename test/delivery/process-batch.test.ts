import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { processBatch, type BatchDeps } from '../../lib/delivery/process-batch';
import type { PinterestSender } from '../../lib/pinterest/client';
import { translate } from '../../lib/pinterest/translate';
import { FileSettingsProvider } from '../../lib/settings/file-provider';
import { NOW } from '../support/delivery-events';
import { sqsRecord } from '../support/sqs-records';

const sqs = mockClient(SQSClient);
const unusedSender: PinterestSender = { send: () => Promise.reject(new Error('no request expected')) };

function deps(): BatchDeps {
  return {
    settings: new FileSettingsProvider({ sources: { web: { tagId: '2614759966035', adAccountId: '111', conversionToken: 'tok' } } }),
    sender: unusedSender,
    translate,
    sqs: new SQSClient({}),
    queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/main',
    deadLetterQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/dlq',
    maxReceiveCount: 5,
    retryBaseSeconds: 30,
    concurrency: 1,
    requestTimeoutMs: 1000,
    now: () => NOW,
    sendWait: async () => undefined,
  };
}

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({ Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id })) }));
});

describe('processBatch: a body that is not JSON', () => {
  it('is dead-lettered as invalid_event with the parse position, never a quote of the body (personal data)', async () => {
    // V8 would say: Unexpected token 'j', "{"em": jane@examp"... is not valid JSON
    const body = '{"em": jane.doe@example.com, "ph": "+1 415 555 0100"}';
    const report = await processBatch([sqsRecord('m1', body, { sourceId: 'web' })], deps());
    expect(report.records[0]?.outcome).toEqual({
      kind: 'deadLetter',
      reason: 'invalid_event',
      detail: "body is not JSON: invalid JSON at position 7 (line 1, column 8): expected a value, found 'j'",
    });
    const entry = (sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input as SendMessageBatchCommandInput).Entries?.[0];
    expect(entry?.MessageBody).toBe(body);
    expect(JSON.stringify(entry?.MessageAttributes)).not.toMatch(/jane|example\.com|555/);
  });
});
