import { ChangeMessageVisibilityBatchCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { deadLetter, delivered, retry, skipped } from '../../lib/delivery/outcome';
import { retryDelays, settleOutcomes } from '../../lib/delivery/settle';
import { readQueueRecord } from '../../lib/queue/record';
import { sqsRecord } from '../support/sqs-records';

const sqs = mockClient(SQSClient);
const options = {
  sqs: new SQSClient({}),
  queueUrl: 'https://sqs/main',
  deadLetterQueueUrl: 'https://sqs/dlq',
  retryBaseSeconds: 30,
  random: () => 0.5,
  sendWait: async () => undefined,
};
type SendInput = { QueueUrl?: string; Entries?: { Id?: string; MessageBody?: string; MessageAttributes?: Record<string, { StringValue?: string }> }[] };
type VisInput = { QueueUrl?: string; Entries?: { ReceiptHandle?: string; VisibilityTimeout?: number }[] };

beforeEach(() => {
  sqs.reset();
  sqs.on(ChangeMessageVisibilityBatchCommand).callsFake((input: VisInput) => ({ Successful: (input.Entries ?? []).map((_, i) => ({ Id: String(i) })) }));
});

const records = [
  readQueueRecord(sqsRecord('m0', '{"a":0}', { sourceId: 'web' })),
  readQueueRecord(sqsRecord('m1', '{"a":1}', { sourceId: 'web', receiveCount: 2, replays: 1 })),
  readQueueRecord(sqsRecord('m2', '{"a":2}', { sourceId: 'web', receiveCount: 3 })),
  readQueueRecord(sqsRecord('m3', '{"a":3}', { sourceId: 'web' })),
  readQueueRecord(sqsRecord('m4', 'not json')),
];
const outcomes = [
  delivered(),
  deadLetter('pinterest_rejected', 'Invalid event_name'),
  retry('Pinterest 503'),
  skipped('unsupported_type'),
  deadLetter('invalid_event', 'body is not JSON'),
];

describe('settleOutcomes', () => {
  it('writes dead letters with the original body and attributes, delays retries, and reports only retries as failures', async () => {
    sqs.on(SendMessageBatchCommand).callsFake((input: SendInput) => ({ Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id })) }));
    const result = await settleOutcomes(records, outcomes, options);
    const sent = sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input as SendInput;
    expect(sent.QueueUrl).toBe('https://sqs/dlq');
    expect(sent.Entries?.map((e) => [e.MessageBody, Object.fromEntries(Object.entries(e.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue]))])).toEqual([
      ['{"a":1}', { sourceId: 'web', reason: 'pinterest_rejected', detail: 'Invalid event_name', firstReceivedAt: '2026-11-28T12:00:00.000Z', attempts: '2', replays: '1' }],
      ['not json', { sourceId: 'unknown', reason: 'invalid_event', detail: 'body is not JSON', firstReceivedAt: '2026-11-28T12:00:00.000Z', attempts: '1' }],
    ]);
    const vis = sqs.commandCalls(ChangeMessageVisibilityBatchCommand)[0]?.args[0].input as VisInput;
    expect(vis.QueueUrl).toBe('https://sqs/main');
    expect(vis.Entries).toEqual([{ Id: '0', ReceiptHandle: 'rh-m2', VisibilityTimeout: 120 }]);
    expect(result.failed).toEqual([2]);
    expect(result.retryDelays).toEqual(new Map([[2, 120]]));
  });

  it('reports a record whose dead letter could not be written, so SQS delivers it again', async () => {
    sqs.on(SendMessageBatchCommand).callsFake((input: SendInput) => ({
      Successful: (input.Entries ?? []).filter((e) => e.Id !== '0').map((e) => ({ Id: e.Id })),
      Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false }],
    }));
    const result = await settleOutcomes(records, outcomes, options);
    expect(result.failed).toEqual([1, 2]);
    expect(result.deadLetterFailures).toEqual([{ index: 1, code: 'InternalError', message: '' }]);
  });

  it('redelivers never-sent records at once (visibility 0)', async () => {
    await settleOutcomes(records.slice(0, 1), [retry('out of time', { immediate: true })], options);
    const vis = sqs.commandCalls(ChangeMessageVisibilityBatchCommand)[0]?.args[0].input as VisInput;
    expect(vis.Entries?.[0]?.VisibilityTimeout).toBe(0);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('re-sends a record whose dead letter failed to the main queue with its decided reason, and reports it done', async () => {
    sqs.on(SendMessageBatchCommand).callsFake((input: SendInput) =>
      input.QueueUrl === 'https://sqs/dlq' ? { Failed: (input.Entries ?? []).map((e) => ({ Id: e.Id, Code: 'InternalError', SenderFault: false })) } : { Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id })) },
    );
    const result = await settleOutcomes(records.slice(1, 2), outcomes.slice(1, 2), options);
    expect(result).toMatchObject({ failed: [], resent: [0] });
    const forwarded = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input as SendInput).filter((i) => i.QueueUrl === 'https://sqs/main');
    expect(forwarded).toHaveLength(1);
    const attributes = Object.fromEntries(Object.entries(forwarded[0]?.Entries?.[0]?.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue]));
    expect(attributes).toEqual({ sourceId: 'web', receivedAt: '2026-11-28T12:00:00.000Z', replays: '1', decidedReason: 'pinterest_rejected', decidedDetail: 'Invalid event_name' });
  });
});

describe('retryDelays', () => {
  const many = [1, 2, 3, 4].map((n) => readQueueRecord(sqsRecord(`m${n}`, '{}', { sourceId: 'web', receiveCount: n })));

  it('draws one delay per failed request: records that failed together come back together', () => {
    let draws = 0;
    const random = () => (draws++ % 2 === 0 ? 0 : 0.999);
    const delays = retryDelays(many, [retry('a', { group: 'g1' }), retry('a', { group: 'g1' }), retry('b', { group: 'g2' }), retry('b', { group: 'g2' })], 30, random);
    expect(draws).toBe(2);
    expect(delays.get(0)).toBe(delays.get(1));
    expect(delays.get(2)).toBe(delays.get(3));
    // The group's delay follows its most-received record.
    expect(delays.get(1)).toBe(48);
  });

  it('uses a decided delay (outage hold) as is, and 0 for records never sent', () => {
    const delays = retryDelays(many.slice(0, 2), [retry('held', { cause: 'outage_hold', delaySeconds: 611, group: 'g' }), retry('x', { cause: 'not_sent', immediate: true })], 30, () => 0.5);
    expect([...delays]).toEqual([
      [0, 611],
      [1, 0],
    ]);
  });
});
