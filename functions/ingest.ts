import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { sourceIdFromPath } from '../lib/http/source-path';
import { errorResponse, jsonResponse, type StructuredResult } from '../lib/http/response';
import { trackingCallOfEvent } from '../lib/http/tracking-api';
import { readIngestConfig } from '../lib/ingest/config';
import { handleIngest, type IngestDeps, type IngestOutcome } from '../lib/ingest/handle-ingest';
import { logLineOf } from '../lib/ingest/log-line';
import { logger } from '../lib/observability/logger';
import { metrics, MetricUnit } from '../lib/observability/metrics';
import { FileSettingsProvider } from '../lib/settings/file-provider';
import { SsmIngestCredentials } from '../lib/settings/ssm-ingest-credentials';

/**
 * POST /v1/sources/{sourceId}/events, and Segment's tracking API paths POST /v1/batch, /v1/track,
 * /v1/page, /v1/screen, /v1/identify, /v1/group, /v1/alias (API Gateway HTTP API, payload v2, or a
 * Lambda Function URL, which sends the same payload with route key `$default`). Adapter only: the rules
 * live in lib/ingest/handle-ingest.ts. Logs one line per request (source, counts, status; never
 * headers, bodies or secrets) and publishes EMF metrics per source once the caller is known.
 */

// No per-call timeouts: the secret lookup and every SQS call get what is left of the request's one
// deadline through their abort signal (lib/ingest/config.ts, IngestBudget). The SDK does not retry
// SQS (sendMessages does, within the deadline); SSM keeps one SDK retry, cut short by the same signal.

export function buildDeps(env: Record<string, string | undefined> = process.env): IngestDeps {
  const config = readIngestConfig(env);
  const settings = config.localSettings
    ? new FileSettingsProvider(config.localSettings)
    : new SsmIngestCredentials({
        prefix: config.settingsPrefix as string,
        maxAgeSeconds: config.secretCacheSeconds,
        client: new SSMClient({ maxAttempts: 2 }),
      });
  return {
    settings,
    sqs: new SQSClient({ maxAttempts: 1 }),
    queueUrl: config.queueUrl,
    deadLetterQueueUrl: config.deadLetterQueueUrl,
    limits: { maxBodyBytes: config.maxBodyBytes, maxEventBytes: config.maxEventBytes },
    send: { maxAttempts: 3, baseDelayMs: 50 },
    budget: config.budget,
  };
}

function record(outcome: IngestOutcome): void {
  const { stats, statusCode, sourceId } = outcome;
  if (stats.authMethod !== undefined && sourceId !== undefined) {
    // Only authenticated requests get a per-source dimension: anyone can invent source ids.
    metrics.addDimension('sourceId', sourceId);
    metrics.addMetric('Received', MetricUnit.Count, stats.received);
    metrics.addMetric('Accepted', MetricUnit.Count, stats.accepted);
    metrics.addMetric('Ignored', MetricUnit.Count, stats.ignored);
    metrics.addMetric('Rejected', MetricUnit.Count, stats.rejected);
    metrics.addMetric('EnqueueRetries', MetricUnit.Count, stats.enqueueRetries);
    metrics.addMetric('EnqueueFailures', MetricUnit.Count, stats.enqueueFailures);
    metrics.publishStoredMetrics();
  } else if (statusCode === 401 || statusCode === 503) {
    metrics.addMetric(statusCode === 401 ? 'Unauthorized' : 'SecretLookupFailures', MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
  }

  const line = logLineOf(outcome);
  if (statusCode >= 500 || stats.unstorable > 0) logger.error('ingest request', line);
  else if (statusCode >= 400) logger.warn('ingest request', line);
  else logger.info('ingest request', line);
}

export function createHandler(deps: IngestDeps) {
  return async (event: APIGatewayProxyEventV2, context?: Context): Promise<StructuredResult> => {
    if (context) logger.addContext(context);
    const method = event.requestContext?.http?.method?.toUpperCase();
    if (method && method !== 'POST') return errorResponse(405, 'use POST', { allow: 'POST' });
    // A Lambda Function URL sends the same v2 payload without route matching: the id comes from the path.
    const sourceId = event.pathParameters?.sourceId ?? sourceIdFromPath(event.rawPath);
    const trackingCall = sourceId === undefined ? trackingCallOfEvent(event.routeKey, event.rawPath) : undefined;
    const timeEpoch = event.requestContext?.timeEpoch;
    try {
      const outcome = await handleIngest(
        {
          sourceId,
          ...(trackingCall ? { trackingCall } : {}),
          headers: event.headers,
          body: event.body,
          isBase64Encoded: event.isBase64Encoded,
          ...(Number.isFinite(timeEpoch) ? { receivedAt: new Date(timeEpoch) } : {}),
        },
        deps,
      );
      record(outcome);
      return jsonResponse(outcome.statusCode, outcome.body, outcome.headers);
    } catch (error) {
      // A bug, not a verdict on the events: 500 makes Segment retry.
      logger.error('ingest failed unexpectedly', { error: (error as Error).name, message: (error as Error).message });
      return errorResponse(500, 'internal error; retry the request');
    }
  };
}

let cold: ReturnType<typeof createHandler> | undefined;

export const handler = (event: APIGatewayProxyEventV2, context?: Context): Promise<StructuredResult> => {
  cold ??= createHandler(buildDeps());
  return cold(event, context);
};
