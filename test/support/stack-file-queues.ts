import type { SQSClient } from '@aws-sdk/client-sqs';
import { createQueues, localSqsClient, startEmbeddedSqs, type EmbeddedSqs, type Queues } from '../../lib/local';
import { describeStack, writeStackFile } from '../../lib/local/stack-file';

/**
 * An embedded SQS server with a main queue and its dead-letter queue, described in a stack file as
 * a running `npm start` describes itself: what the CLI finds without flags.
 */
export interface StackFileQueues {
  server: EmbeddedSqs;
  sqs: SQSClient;
  queues: Queues;
  stop(): Promise<void>;
}

export async function startStackFileQueues(name: string, stackFile: string): Promise<StackFileQueues> {
  const server = await startEmbeddedSqs();
  const sqs = localSqsClient({ endpoint: server.endpoint });
  const queues = await createQueues(sqs, { queueName: `${name}-events`, deadLetterQueueName: `${name}-dead-letter`, redriveMaxReceiveCount: 7, visibilityTimeoutSeconds: 30 });
  writeStackFile(
    describeStack({ url: 'http://127.0.0.1:1', sqsEndpoint: server.endpoint, region: 'us-east-1', ...queues, pinterestApiUrl: 'http://127.0.0.1:2', settingsFile: 'config/local-sources.json' }),
    stackFile,
  );
  return {
    server,
    sqs,
    queues,
    stop: async () => {
      sqs.destroy();
      await server.stop();
    },
  };
}
