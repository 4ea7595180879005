import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { requireEnv } from '../lib/config/env';
import { filterProblem } from '../lib/ops/dlq-message';
import { dlqReplay, type ReplaySummary } from '../lib/ops/dlq-replay';
import { logger } from '../lib/observability/logger';

/**
 * Operator-invoked replay: `serverless invoke -f replay --data '{"source": "web", "reason":
 * "pinterest_auth", "limit": 1000}'`. The same replay as `pinterest-tag dlq replay`; it stops
 * cleanly (between batches) 30 s before the Lambda timeout and says so in the summary.
 */
const inputSchema = z.strictObject(
  {
    source: z.optional(z.string({ error: 'source must be a string (a Segment source id)' }).check(z.minLength(1, 'source must not be empty'))),
    reason: z.optional(z.string({ error: 'reason must be a string (a reason code)' })),
    limit: z.optional(z.int({ error: 'limit must be a whole number' }).check(z.positive('limit must be at least 1'))),
    dryRun: z.optional(z.boolean({ error: 'dryRun must be true or false' })),
    rate: z.optional(z.number({ error: 'rate must be a number (messages per second)' }).check(z.positive('rate must be above 0'))),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : 'input must be a JSON object') },
);

export type ReplayInput = z.infer<typeof inputSchema>;

export function parseReplayInput(event: unknown): ReplayInput {
  const parsed = inputSchema.safeParse(event ?? {});
  const problems = parsed.success
    ? [filterProblem(parsed.data)].filter((p): p is string => p !== undefined)
    : parsed.error.issues.map((issue) => issue.message);
  if (!parsed.success || problems.length > 0) {
    throw new Error(
      `invalid replay input: ${problems.join('; ')}. Expected {"source"?: string, "reason"?: string, "limit"?: number, "dryRun"?: boolean, "rate"?: number}`,
    );
  }
  return parsed.data;
}

const SAFETY_MARGIN_MS = 30_000;
// Receives long-poll for 1 s; anything slower than 10 s is stuck, and the run must not hang on it.
const sqs = new SQSClient({ requestHandler: { connectionTimeout: 2000, requestTimeout: 10_000, throwOnRequestTimeout: true } });

export async function handler(event: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<ReplaySummary> {
  const input = parseReplayInput(event);
  const controller = new AbortController();
  const budget = context ? context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS : undefined;
  if (budget !== undefined && budget <= 0) controller.abort();
  const timer = budget !== undefined && budget > 0 ? setTimeout(() => controller.abort(), budget) : undefined;
  try {
    const summary = await dlqReplay({
      sqs,
      queueUrl: requireEnv('QUEUE_URL'),
      dlqUrl: requireEnv('DEAD_LETTER_QUEUE_URL'),
      filter: { ...(input.source ? { source: input.source } : {}), ...(input.reason ? { reason: input.reason } : {}) },
      signal: controller.signal,
      ...(input.limit !== undefined ? { limit: input.limit } : {}),
      ...(input.dryRun !== undefined ? { dryRun: input.dryRun } : {}),
      ...(input.rate !== undefined ? { rate: input.rate } : {}),
    });
    const { failures: _failures, ...counts } = summary;
    logger.info('replay finished', { ...counts, source: input.source, reason: input.reason });
    return summary;
  } finally {
    if (timer) clearTimeout(timer);
  }
}
