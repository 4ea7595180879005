import { GetQueueUrlCommand, QueueDoesNotExist, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { resolveQueueUrls } from '../../lib/ops/queue-urls';

const mock = mockClient(SQSClient);
const sqs = new SQSClient({});
const env = { QUEUE_URL: 'env-main', DEAD_LETTER_QUEUE_URL: 'env-dlq' };

beforeEach(() => mock.reset());

describe('resolveQueueUrls', () => {
  it('prefers explicit URLs, then the environment', async () => {
    await expect(resolveQueueUrls(sqs, { dlqUrl: 'flag-dlq', env }, { queue: true, dlq: true })).resolves.toEqual({ queueUrl: 'env-main', dlqUrl: 'flag-dlq' });
    expect(mock.calls()).toHaveLength(0);
  });

  it('looks up the deployed queue names of a stage (over the environment)', async () => {
    mock.on(GetQueueUrlCommand, { QueueName: 'pinterest-tag-destination-prod-dead-letter' }).resolves({ QueueUrl: 'https://sqs/prod-dlq' });
    mock.on(GetQueueUrlCommand, { QueueName: 'pinterest-tag-destination-prod-events' }).resolves({ QueueUrl: 'https://sqs/prod-events' });
    await expect(resolveQueueUrls(sqs, { stage: 'prod', env }, { queue: true, dlq: true })).resolves.toEqual({
      queueUrl: 'https://sqs/prod-events',
      dlqUrl: 'https://sqs/prod-dlq',
    });
  });

  it('only resolves the queues a command needs', async () => {
    await expect(resolveQueueUrls(sqs, { env }, { dlq: true })).resolves.toEqual({ dlqUrl: 'env-dlq' });
  });

  it('says how to give a queue when none is known', async () => {
    await expect(resolveQueueUrls(sqs, { env: {} }, { dlq: true })).rejects.toThrow(
      'no dead-letter queue: pass --dlq-url, set DEAD_LETTER_QUEUE_URL, or pass --stage (while `npm start` runs, no flag is needed)',
    );
  });

  it('names the queue and stage when the stage is not deployed', async () => {
    mock.on(GetQueueUrlCommand).rejects(new QueueDoesNotExist({ message: 'nope', $metadata: {} }));
    await expect(resolveQueueUrls(sqs, { stage: 'qa', env: {} }, { dlq: true })).rejects.toThrow(
      'queue pinterest-tag-destination-qa-dead-letter not found: is stage "qa" deployed in this account and region?',
    );
  });
});
