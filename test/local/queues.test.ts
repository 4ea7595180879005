import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { localSqsClient } from '../../lib/local/aws';
import { startEmbeddedSqs, type EmbeddedSqs } from '../../lib/local/embedded-sqs';
import { createQueues, MAIN_QUEUE_RETENTION_SECONDS } from '../../lib/local/queues';

/** The local queues as serverless.yml declares them: retention that holds the retry horizon, redrive above the worker's count. */
describe('createQueues', () => {
  let sqs: EmbeddedSqs;
  let client: SQSClient;
  beforeAll(async () => {
    sqs = await startEmbeddedSqs({ port: 0 });
    client = localSqsClient({ endpoint: sqs.endpoint });
  });
  afterAll(async () => {
    client.destroy();
    await sqs.stop();
  });

  test('main queue keeps 7 days (24 h horizon + a day fits), the DLQ 14, redrive as asked', async () => {
    const { queueUrl, deadLetterQueueUrl } = await createQueues(client, {
      queueName: 'queues-test-events',
      deadLetterQueueName: 'queues-test-dead-letter',
      redriveMaxReceiveCount: 502,
      visibilityTimeoutSeconds: 361,
    });
    const attributes = async (url: string) => (await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes ?? {};
    const main = await attributes(queueUrl);
    const dead = await attributes(deadLetterQueueUrl);
    expect(MAIN_QUEUE_RETENTION_SECONDS).toBe(604_800);
    expect(main.MessageRetentionPeriod).toBe('604800');
    expect(main.VisibilityTimeout).toBe('361');
    expect(JSON.parse(main.RedrivePolicy ?? '{}')).toEqual({ deadLetterTargetArn: dead.QueueArn, maxReceiveCount: 502 });
    expect(dead.MessageRetentionPeriod).toBe('1209600');
  });
});
