import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * The two queues as serverless.yml declares them: a main queue whose redrive policy moves a
 * message to the dead-letter queue after `redriveMaxReceiveCount` receives, and the dead-letter
 * queue itself. The worker dead-letters a record itself (with its reason) on attempt
 * MAX_RECEIVE_COUNT, so the redrive count is kept above it: redrive is only the safety net for a
 * worker that crashes on every attempt. Created with the SDK, so it works against any SQS.
 */
export const MAIN_QUEUE_RETENTION_SECONDS = 604_800;

export interface QueueSetup {
  queueName: string;
  deadLetterQueueName: string;
  redriveMaxReceiveCount: number;
  visibilityTimeoutSeconds: number;
}

export interface Queues {
  queueUrl: string;
  deadLetterQueueUrl: string;
}

export async function createQueues(client: SQSClient, setup: QueueSetup): Promise<Queues> {
  const dead = await client.send(
    new CreateQueueCommand({ QueueName: setup.deadLetterQueueName, Attributes: { MessageRetentionPeriod: '1209600' } }),
  );
  const deadLetterQueueUrl = dead.QueueUrl as string;
  const attributes = await client.send(new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ['QueueArn'] }));
  const deadLetterTargetArn = attributes.Attributes?.QueueArn;
  if (!deadLetterTargetArn) throw new Error(`SQS did not report the ARN of ${deadLetterQueueUrl}`);
  const main = await client.send(
    new CreateQueueCommand({
      QueueName: setup.queueName,
      Attributes: {
        VisibilityTimeout: String(setup.visibilityTimeoutSeconds),
        // serverless.yml's messageRetentionSeconds default: 7 days holds the 24 h retry horizon with room (SQS's default is 4 days).
        MessageRetentionPeriod: String(MAIN_QUEUE_RETENTION_SECONDS),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn, maxReceiveCount: setup.redriveMaxReceiveCount }),
      },
    }),
  );
  return { queueUrl: main.QueueUrl as string, deadLetterQueueUrl };
}
