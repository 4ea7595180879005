import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * AWS cost per million events, from measured figures and written-down prices. Prices: us-east-1,
 * arm64, on-demand, first pricing tier, free tiers ignored (checked 2026-11-28 on the AWS pricing
 * pages; change them here if they move).
 */
export const PRICES = {
  /** Lambda arm64 duration, USD per GB-second. */
  lambdaGbSecond: 0.0000133334,
  /** Lambda requests, USD per invocation ($0.20 per million). */
  lambdaRequest: 0.2 / 1e6,
  /** SQS standard queue, USD per request ($0.40 per million); every 64 KB chunk of a payload is one request. */
  sqsRequest: 0.4 / 1e6,
  sqsChunkBytes: 65_536,
  /** API Gateway HTTP API, USD per request ($1.00 per million, first 300 M); every 512 KB is one request. */
  httpApiRequest: 1.0 / 1e6,
  httpApiChunkBytes: 524_288,
} as const;

/**
 * Waits the bench cannot measure locally, so they are assumptions: one SendMessageBatch round trip
 * inside a region (ingest sends its chunks concurrently, so one round trip per request), and one
 * Pinterest request of up to 1,000 events as seen from us-east-1.
 */
export const ASSUMED = { sqsRoundTripMs: 10, pinterestRequestMs: 400 } as const;

/** How requests reach ingest (stage param `ingestEndpoint`): a Function URL adds no charge beyond Lambda's. */
export type IngestEndpoint = 'httpApi' | 'functionUrl';

export interface CostInputs {
  /** Default `httpApi`. */
  endpoint?: IngestEndpoint;
  ingestMemoryMb: number;
  workerMemoryMb: number;
  /** Events per worker invocation (the SQS event source batch size). */
  workerBatchSize: number;
  /** Measured CPU time per event. */
  ingestUsPerEvent: number;
  workerUsPerEvent: number;
  /** Events per ingest request (1 for classic webhooks, 100 for batched bodies). */
  eventsPerRequest: number;
  /** Bytes of one request body (for API Gateway's 512 KB metering). */
  requestBodyBytes: number;
  /** SendMessageBatch calls per 1,000 events at ingest, and SQS requests they bill (64 KB chunks). */
  ingestSqsBilledPer1000: number;
  /** Bytes of the messages of one worker batch, for ReceiveMessage billing (10 messages per receive). */
  messageBytes: number;
  /** SQS calls the worker itself makes per 1,000 events (dead letters, visibility changes). */
  workerSqsCallsPer1000: number;
  pinterestRequestsPer1000: number;
}

export interface CostLine {
  item: string;
  formula: string;
  usd: number;
}

export interface CostModel {
  usdPerMillion: number;
  lines: CostLine[];
  pinterestRequestsPerMillion: number;
}

const M = 1e6;

export function costPerMillion(i: CostInputs): CostModel {
  const ingestInvocations = M / i.eventsPerRequest;
  // Lambda bills each invocation in whole milliseconds.
  const ingestMs = Math.ceil((i.ingestUsPerEvent * i.eventsPerRequest) / 1000 + ASSUMED.sqsRoundTripMs);
  const workerInvocations = M / i.workerBatchSize;
  const workerMs = Math.ceil((i.workerUsPerEvent * i.workerBatchSize) / 1000 + ASSUMED.pinterestRequestMs * Math.ceil(i.workerBatchSize / 1000));
  const apiRequests = ingestInvocations * Math.max(1, Math.ceil(i.requestBodyBytes / PRICES.httpApiChunkBytes));
  // The event source mapping receives up to 10 messages per ReceiveMessage and deletes them in batches of 10.
  const receives = (M / 10) * Math.max(1, Math.ceil((i.messageBytes * 10) / PRICES.sqsChunkBytes));
  const deletes = M / 10;
  const sqsRequests = i.ingestSqsBilledPer1000 * 1000 + receives + deletes + i.workerSqsCallsPer1000 * 1000;

  const front: CostLine =
    i.endpoint === 'functionUrl'
      ? { item: 'Lambda Function URL', formula: `${ingestInvocations.toFixed(0)} requests, no charge beyond the Lambda lines`, usd: 0 }
      : { item: 'API Gateway HTTP API', formula: `${apiRequests.toFixed(0)} requests × $1.00/M (512 KB metering)`, usd: apiRequests * PRICES.httpApiRequest };
  const lines: CostLine[] = [
    front,
    {
      item: 'ingest Lambda duration',
      formula: `${ingestInvocations.toFixed(0)} × ${ingestMs} ms (CPU ${((i.ingestUsPerEvent * i.eventsPerRequest) / 1000).toFixed(2)} + SQS ${ASSUMED.sqsRoundTripMs}) × ${i.ingestMemoryMb / 1024} GB × $0.0000133334/GB-s`,
      usd: ingestInvocations * (ingestMs / 1000) * (i.ingestMemoryMb / 1024) * PRICES.lambdaGbSecond,
    },
    { item: 'ingest Lambda requests', formula: `${ingestInvocations.toFixed(0)} × $0.20/M`, usd: ingestInvocations * PRICES.lambdaRequest },
    {
      item: 'SQS requests',
      formula: `${sqsRequests.toFixed(0)} (send ${(i.ingestSqsBilledPer1000 * 1000).toFixed(0)} + receive ${receives.toFixed(0)} + delete ${deletes.toFixed(0)} + worker ${(i.workerSqsCallsPer1000 * 1000).toFixed(0)}) × $0.40/M (64 KB chunks)`,
      usd: sqsRequests * PRICES.sqsRequest,
    },
    {
      item: 'worker Lambda duration',
      formula: `${workerInvocations.toFixed(0)} × ${workerMs} ms (CPU ${((i.workerUsPerEvent * i.workerBatchSize) / 1000).toFixed(1)} + Pinterest ${ASSUMED.pinterestRequestMs}) × ${i.workerMemoryMb / 1024} GB × $0.0000133334/GB-s`,
      usd: workerInvocations * (workerMs / 1000) * (i.workerMemoryMb / 1024) * PRICES.lambdaGbSecond,
    },
    { item: 'worker Lambda requests', formula: `${workerInvocations.toFixed(0)} × $0.20/M`, usd: workerInvocations * PRICES.lambdaRequest },
  ];
  return {
    usdPerMillion: lines.reduce((sum, l) => sum + l.usd, 0),
    lines,
    pinterestRequestsPerMillion: i.pinterestRequestsPer1000 * 1000,
  };
}

/** Memory sizes and batch size from serverless.yml's params when it exists, else the deploy's defaults. */
export function deployedSizes(root: string): { ingestMemoryMb: number; workerMemoryMb: number; workerBatchSize: number; source: string } {
  const path = join(root, 'serverless.yml');
  const defaults = { ingestMemoryMb: 512, workerMemoryMb: 1024, workerBatchSize: 1000 };
  if (!existsSync(path)) return { ...defaults, source: 'deploy defaults (no serverless.yml)' };
  const yml = readFileSync(path, 'utf8');
  const read = (key: string, fallback: number) => {
    const match = new RegExp(`^\\s*${key}:\\s*(\\d+)`, 'm').exec(yml);
    return match ? Number(match[1]) : fallback;
  };
  return {
    ingestMemoryMb: read('ingestMemorySize', defaults.ingestMemoryMb),
    workerMemoryMb: read('workerMemorySize', defaults.workerMemoryMb),
    workerBatchSize: read('batchSize', defaults.workerBatchSize),
    source: 'serverless.yml',
  };
}
