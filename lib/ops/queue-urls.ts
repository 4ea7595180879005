import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';

/**
 * Which queues an operator command works on: explicit URLs win, then the environment the
 * functions also read (`QUEUE_URL`, `DEAD_LETTER_QUEUE_URL`), then the deployed names of a stage,
 * resolved with GetQueueUrl. The names follow serverless.yml (`<service>-<stage>-events` and `-dead-letter`).
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
    throw new QueueResolutionError(`no ${flag === '--dlq-url' ? 'dead-letter' : 'main'} queue: pass ${flag}, set ${envName}, or pass --stage`);
  };
  const [queueUrl, dlqUrl] = await Promise.all([
    need.queue ? pick(target.queueUrl, 'QUEUE_URL', names?.queue, '--queue-url') : undefined,
    need.dlq ? pick(target.dlqUrl, 'DEAD_LETTER_QUEUE_URL', names?.dlq, '--dlq-url') : undefined,
  ]);
  return { ...(queueUrl ? { queueUrl } : {}), ...(dlqUrl ? { dlqUrl } : {}) };
}
