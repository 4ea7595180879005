import { GetQueueAttributesCommand, GetQueueUrlCommand, ListDeadLetterSourceQueuesCommand, ListQueuesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { isUnsupportedAction } from './unsupported-action';

/**
 * Which queues an operator command works on: explicit URLs win, then the environment the
 * functions also read (`QUEUE_URL`, `DEAD_LETTER_QUEUE_URL`), then the deployed names of a stage,
 * resolved with GetQueueUrl. The names follow serverless.yml (`<service>-<stage>-events` and `-dead-letter`).
 * A main queue that is still unknown is derived from the dead-letter queue: the one queue whose
 * redrive policy points at it.
 */
export const SERVICE_NAME = 'pinterest-tag-destination';

export function stageQueueNames(stage: string): { queue: string; dlq: string } {
  return { queue: `${SERVICE_NAME}-${stage}-events`, dlq: `${SERVICE_NAME}-${stage}-dead-letter` };
}

/** The settings prefix of a stage when none is given (serverless.yml's SETTINGS_PREFIX). */
export function stageSettingsPrefix(stage: string): string {
  return `/pinterest-tag/${stage}`;
}

export interface QueueTarget {
  queueUrl?: string;
  dlqUrl?: string;
  stage?: string;
  env?: Record<string, string | undefined>;
}

export class QueueResolutionError extends Error {
  override name = 'QueueResolutionError';
}

async function byName(sqs: SQSClient, name: string, stage: string): Promise<string> {
  try {
    const response = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    if (response.QueueUrl) return response.QueueUrl;
  } catch (error) {
    const err = error as Error;
    if (err.name !== 'QueueDoesNotExist' && err.name !== 'AWS.SimpleQueueService.NonExistentQueue') throw error;
  }
  throw new QueueResolutionError(`queue ${name} not found: is stage "${stage}" deployed in this account and region?`);
}

/** Resolve the queues a command needs; `need` says which, so a DLQ-only command never asks for the main queue. */
export async function resolveQueueUrls(
  sqs: SQSClient,
  target: QueueTarget,
  need: { queue?: boolean; dlq?: boolean },
): Promise<{ queueUrl?: string; dlqUrl?: string }> {
  const env = target.env ?? process.env;
  const names = target.stage ? stageQueueNames(target.stage) : undefined;
  const pick = async (explicit: string | undefined, envName: string, name: string | undefined, flag: string) => {
    const url = explicit?.trim() || (names ? undefined : env[envName]?.trim());
    if (url) return url;
    if (name && target.stage) return byName(sqs, name, target.stage);
    throw new QueueResolutionError(
      `no ${flag === '--dlq-url' ? 'dead-letter' : 'main'} queue: pass ${flag}, set ${envName}, or pass --stage (while \`npm start\` runs, no flag is needed)`,
    );
  };
  const knownQueue = target.queueUrl?.trim() || (names ? undefined : env.QUEUE_URL?.trim()) || undefined;
  // Without a main queue or a stage, but with a dead-letter queue: the main queue is its redrive source.
  const derive = need.queue && !knownQueue && !names;
  const [queueUrl, dlqUrl] = await Promise.all([
    need.queue && !derive ? pick(target.queueUrl, 'QUEUE_URL', names?.queue, '--queue-url') : undefined,
    need.dlq || derive ? pick(target.dlqUrl, 'DEAD_LETTER_QUEUE_URL', names?.dlq, '--dlq-url') : undefined,
  ]);
  const mainQueue = derive ? await redriveSourceOf(sqs, dlqUrl as string) : queueUrl;
  return { ...(mainQueue ? { queueUrl: mainQueue } : {}), ...(need.dlq && dlqUrl ? { dlqUrl } : {}) };
}

/** Queues whose RedrivePolicy targets `dlqArn`, by reading every queue's policy (for SQS emulators without ListDeadLetterSourceQueues). */
async function redriveSourcesByScan(sqs: SQSClient, dlqUrl: string): Promise<string[]> {
  const arnOf = async (url: string) =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn', 'RedrivePolicy'] }))).Attributes ?? {};
  const dlqArn = (await arnOf(dlqUrl)).QueueArn;
  const sources: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sqs.send(new ListQueuesCommand({ MaxResults: 1000, NextToken }));
    for (const url of page.QueueUrls ?? []) {
      if (url === dlqUrl) continue;
      const policy = (await arnOf(url)).RedrivePolicy;
      if (policy && dlqArn && (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn === dlqArn) sources.push(url);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return sources;
}

/** The main queue of a dead-letter queue: the single queue that redrives into it. */
export async function redriveSourceOf(sqs: SQSClient, dlqUrl: string): Promise<string> {
  let sources: string[];
  try {
    sources = (await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlqUrl }))).queueUrls ?? [];
  } catch (error) {
    if (!isUnsupportedAction(error)) throw error;
    sources = await redriveSourcesByScan(sqs, dlqUrl);
  }
  if (sources.length === 1) return sources[0] as string;
  throw new QueueResolutionError(
    sources.length === 0
      ? `no main queue: no queue has ${dlqUrl} as its dead-letter queue; pass --queue-url, set QUEUE_URL, or pass --stage`
      : `no main queue: ${sources.length} queues use ${dlqUrl} as their dead-letter queue (${sources.join(', ')}); choose one with --queue-url`,
  );
}
