import {
  CancelMessageMoveTaskCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { listMoveTasks, startMoveAll, watchMoveTask } from '../../lib/ops/dlq-move';

// moto and fauxqs do not implement the message move task APIs, so these run against mocks only.
const mock = mockClient(SQSClient);
const sqs = new SQSClient({});
const DLQ_ARN = 'arn:aws:sqs:us-east-1:123456789012:pinterest-tag-destination-prod-dead-letter';
const QUEUE_ARN = 'arn:aws:sqs:us-east-1:123456789012:pinterest-tag-destination-prod-events';

beforeEach(() => {
  mock.reset();
  mock.on(GetQueueAttributesCommand, { QueueUrl: 'dlq' }).resolves({ Attributes: { QueueArn: DLQ_ARN } });
  mock.on(GetQueueAttributesCommand, { QueueUrl: 'main' }).resolves({ Attributes: { QueueArn: QUEUE_ARN } });
});

describe('message move task (dlq replay --all)', () => {
  it('starts a task from the dead-letter queue to the main queue, at the given rate', async () => {
    mock.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });
    await expect(startMoveAll({ sqs, dlqUrl: 'dlq', queueUrl: 'main', rate: 25.7 })).resolves.toEqual({ taskHandle: 'task-1', sourceArn: DLQ_ARN });
    expect(mock.commandCalls(StartMessageMoveTaskCommand)[0]?.args[0].input).toEqual({
      SourceArn: DLQ_ARN,
      DestinationArn: QUEUE_ARN,
      MaxNumberOfMessagesPerSecond: 25,
    });
  });

  it('lists the tasks with their progress', async () => {
    mock.on(ListMessageMoveTasksCommand, { SourceArn: DLQ_ARN }).resolves({
      Results: [
        { TaskHandle: 't', Status: 'RUNNING', ApproximateNumberOfMessagesMoved: 5, ApproximateNumberOfMessagesToMove: 9, StartedTimestamp: 0 },
        { Status: 'FAILED', ApproximateNumberOfMessagesMoved: 1, FailureReason: 'AccessDenied' },
      ],
    });
    await expect(listMoveTasks({ sqs, dlqUrl: 'dlq' })).resolves.toEqual([
      { taskHandle: 't', status: 'RUNNING', moved: 5, toMove: 9, startedAt: '1970-01-01T00:00:00.000Z' },
      { status: 'FAILED', moved: 1, failureReason: 'AccessDenied' },
    ]);
  });

  it('watches a task until it completes', async () => {
    mock
      .on(ListMessageMoveTasksCommand)
      .resolvesOnce({ Results: [{ TaskHandle: 't', Status: 'RUNNING', ApproximateNumberOfMessagesMoved: 1 }] })
      .resolves({ Results: [{ Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 3 }] });
    const statuses: string[] = [];
    const final = await watchMoveTask({ sqs, sourceArn: DLQ_ARN, taskHandle: 't', wait: async () => {}, onStatus: (s) => statuses.push(s.status) });
    expect(final).toMatchObject({ status: 'COMPLETED', moved: 3, cancelled: false });
    expect(statuses).toEqual(['RUNNING', 'COMPLETED']);
    expect(mock.commandCalls(CancelMessageMoveTaskCommand)).toHaveLength(0);
  });

  it('cancels the task when aborted (Ctrl-C stops the move, not just the watching)', async () => {
    const controller = new AbortController();
    mock
      .on(ListMessageMoveTasksCommand)
      .resolvesOnce({ Results: [{ TaskHandle: 't', Status: 'RUNNING', ApproximateNumberOfMessagesMoved: 1 }] })
      .resolves({ Results: [{ Status: 'CANCELLED', ApproximateNumberOfMessagesMoved: 2 }] });
    mock.on(CancelMessageMoveTaskCommand).resolves({ ApproximateNumberOfMessagesMoved: 2 });
    const final = await watchMoveTask({
      sqs,
      sourceArn: DLQ_ARN,
      taskHandle: 't',
      signal: controller.signal,
      wait: async () => controller.abort(),
    });
    expect(final).toMatchObject({ status: 'CANCELLED', cancelled: true });
    expect(mock.commandCalls(CancelMessageMoveTaskCommand)[0]?.args[0].input).toEqual({ TaskHandle: 't' });
  });
});
