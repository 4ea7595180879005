import { ChangeMessageVisibilityBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { changeVisibility } from '../../lib/queue/visibility';

const sqs = mockClient(SQSClient);
const client = new SQSClient({});
const queueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/main';
beforeEach(() => sqs.reset());

type Input = { Entries?: { Id?: string; ReceiptHandle?: string; VisibilityTimeout?: number }[] };

describe('changeVisibility', () => {
  it('sends batches of 10 with clamped timeouts and reports per-entry failures', async () => {
    sqs.on(ChangeMessageVisibilityBatchCommand).callsFake((input: Input) => ({
      Successful: (input.Entries ?? []).filter((e) => e.Id !== '3').map((e) => ({ Id: e.Id })),
      Failed: (input.Entries ?? []).filter((e) => e.Id === '3').map((e) => ({ Id: e.Id, Code: 'ReceiptHandleIsInvalid', SenderFault: true })),
    }));
    const changes = Array.from({ length: 12 }, (_, i) => ({ receiptHandle: `rh${i}`, visibilityTimeout: i === 0 ? 99_999 : i === 1 ? -5 : 30 }));
    const result = await changeVisibility(changes, { client, queueUrl });
    const calls = sqs.commandCalls(ChangeMessageVisibilityBatchCommand);
    expect(calls.map((c) => (c.args[0].input as Input).Entries?.length)).toEqual([10, 2]);
    const first = (calls[0]?.args[0].input as Input).Entries ?? [];
    expect(first[0]).toEqual({ Id: '0', ReceiptHandle: 'rh0', VisibilityTimeout: 43_200 });
    expect(first[1]?.VisibilityTimeout).toBe(0);
    expect(result.failed).toEqual([{ index: 3, code: 'ReceiptHandleIsInvalid', message: '' }]);
    expect(result.changed).toHaveLength(11);
  });

  it('reports every entry of a call that throws, without throwing', async () => {
    sqs.on(ChangeMessageVisibilityBatchCommand).rejects(Object.assign(new Error('down'), { name: 'ServiceUnavailable' }));
    const result = await changeVisibility([{ receiptHandle: 'a', visibilityTimeout: 1 }], { client, queueUrl });
    expect(result.failed).toEqual([{ index: 0, code: 'ServiceUnavailable', message: 'down' }]);
  });
});
