import { type SQSClient } from '@aws-sdk/client-sqs';
import { WORKER_DEFAULTS } from '../config/worker';
import type { BatchReport, LoggerLike } from '../delivery/process-batch';
import { createWorker } from '../delivery/worker';
import { DEFAULT_INGEST_BUDGET, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_EVENT_BYTES, type IngestBudget } from '../ingest/config';
import type { IngestDeps } from '../ingest/handle-ingest';
import { logger as processLogger } from '../observability/logger';
import { createPinterestClient } from '../pinterest/client';
import type { SettingsProvider } from '../settings/provider';
import { LOCAL_REGION, localSqsClient } from './aws';
import { startEmbeddedSqs, type EmbeddedSqs } from './embedded-sqs';
import { startIngestServer, type ApiGatewayHandler, type IngestServer } from './http-adapter';
import { startPinterestSandbox, type PinterestSandbox, type SandboxOptions } from './pinterest-sandbox';
import { POLLER_DEFAULTS, startPoller, type BatchSummary, type Poller } from './poller';
import { defaultVisibilityTimeoutSeconds } from './config';
import { consoleForStack, DeliveryLog, type StackConsoleOptions } from './console';
import { createOutcomeLog } from './outcome-log';
import { createQueues } from './queues';

/**
 * The whole pipeline in one process: SQS (embedded, or any SQS endpoint such as moto), the ingest
 * function behind a local API Gateway, the worker driven by a local SQS event source, and the
 * Pinterest sandbox unless deliveries go to `pinterestApiUrl`. The handlers are the production
 * ones; only endpoints differ. Every port can be 0 (a free one), so tests start as many stacks as
 * they like; `stop()` shuts everything down in dependency order.
 */
export interface LocalStackOptions {
  /**
   * The ingest function over its deps: functions/ingest.ts `createHandler` (passed in because
   * nothing in lib/ may import functions/).
   */
  createIngestHandler: (deps: IngestDeps) => ApiGatewayHandler;
  /** Where webhook secrets, settings and tokens come from (FileSettingsProvider, SsmSettingsProvider…). */
  settings: SettingsProvider;
  /** Ingest HTTP port on `host`. Default 3000; 0 picks a free port. */
  port?: number;
  host?: string;
  /** An existing SQS endpoint (e.g. moto); default: start the embedded server on `port` (default 0). */
  sqs?: { endpoint: string; region?: string } | { embedded: { port?: number } };
  queueName?: string;
  deadLetterQueueName?: string;
  /** Where the worker sends; default: start the Pinterest sandbox (options in `sandbox`). */
  pinterestApiUrl?: string;
  sandbox?: SandboxOptions;
  worker?: {
    maxReceiveCount?: number;
    retryBaseSeconds?: number;
    retryHorizonHours?: number;
    authPauseHours?: number;
    outageHoldSeconds?: number;
    /** Pinterest requests in flight per invocation. */
    concurrency?: number;
    requestTimeoutMs?: number;
  };
  poller?: {
    batchSize?: number;
    batchWindowMs?: number;
    waitTimeSeconds?: number;
    functionTimeoutMs?: number;
    /** Batches in flight at once. */
    concurrency?: number;
    /** The main queue's VisibilityTimeout. Default 6 × function timeout + batching window. */
    visibilityTimeoutSeconds?: number;
  };
  ingest?: { maxBodyBytes?: number; maxEventBytes?: number; budget?: IngestBudget };
  logger?: LoggerLike;
  /** Every worker invocation's per-record outcomes. */
  onReport?: (report: BatchReport) => void;
  /** Every poller batch, after its deletes. */
  onBatch?: (summary: BatchSummary) => void;
  /** The local console on the ingest port (GET /); on by default when bound to 127.0.0.1. */
  console?: StackConsoleOptions | false;
  /** Log every dead letter and retry with its reason and detail, next to the event (npm start). */
  explainOutcomes?: boolean;
}

export interface LocalStack {
  /** Base URL of the ingest API, e.g. http://127.0.0.1:3000 */
  url: string;
  /** The URL a source posts to. */
  eventsUrl(sourceId: string): string;
  sqsEndpoint: string;
  /** The region the SQS clients use (any value works for the embedded server). */
  region: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** Where the worker delivers (the sandbox URL when it runs). */
  pinterestApiUrl: string;
  sandbox?: PinterestSandbox;
  /** The worker's Pinterest requests and outcomes, as the console shows them. */
  deliveries: DeliveryLog;
  /** An SDK client configured for `sqsEndpoint` (for inspecting the queues). */
  sqs: SQSClient;
  poller: Poller;
  /** Stop taking requests, finish the requests and the batch in flight, close everything. */
  stop(): Promise<void>;
}

/** Redrive is the backstop for crashes: above the worker's own dead-lettering count, as in serverless.yml (500 → 1000 there). */
export const REDRIVE_MARGIN = 2;

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const logger = options.logger ?? processLogger;
  const host = options.host ?? '127.0.0.1';
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
  };

  try {
    let embedded: EmbeddedSqs | undefined;
    const sqsOption = options.sqs ?? { embedded: {} };
    if ('embedded' in sqsOption) {
      embedded = await startEmbeddedSqs({ port: sqsOption.embedded.port ?? 0, host });
      cleanups.push(() => (embedded as EmbeddedSqs).stop());
    }
    const sqsEndpoint = embedded ? embedded.endpoint : (sqsOption as { endpoint: string }).endpoint;
    const region = 'region' in sqsOption && sqsOption.region ? sqsOption.region : LOCAL_REGION;
    const sqs = localSqsClient({ endpoint: sqsEndpoint, region });
    cleanups.push(async () => sqs.destroy());

    const maxReceiveCount = options.worker?.maxReceiveCount ?? WORKER_DEFAULTS.maxReceiveCount;
    const functionTimeoutMs = options.poller?.functionTimeoutMs ?? POLLER_DEFAULTS.functionTimeoutMs;
    const { queueUrl, deadLetterQueueUrl } = await createQueues(sqs, {
      queueName: options.queueName ?? 'pinterest-tag-local-events',
      deadLetterQueueName: options.deadLetterQueueName ?? 'pinterest-tag-local-dead-letter',
      redriveMaxReceiveCount: maxReceiveCount + REDRIVE_MARGIN,
      visibilityTimeoutSeconds:
        options.poller?.visibilityTimeoutSeconds ?? defaultVisibilityTimeoutSeconds(functionTimeoutMs, options.poller?.batchWindowMs ?? POLLER_DEFAULTS.batchWindowMs),
    });

    let sandbox: PinterestSandbox | undefined;
    if (!options.pinterestApiUrl) {
      sandbox = await startPinterestSandbox({ host, ...options.sandbox });
      cleanups.push(() => (sandbox as PinterestSandbox).close());
    }
    const pinterestApiUrl = options.pinterestApiUrl ?? (sandbox as PinterestSandbox).url;

    const requestTimeoutMs = options.worker?.requestTimeoutMs ?? WORKER_DEFAULTS.pinterestTimeoutMs;
    const deliveries = new DeliveryLog();
    const outcomes = options.explainOutcomes ? createOutcomeLog(logger) : undefined;
    const worker = createWorker({
      settings: options.settings,
      sender: deliveries.observe(createPinterestClient({ baseUrl: pinterestApiUrl, timeoutMs: requestTimeoutMs })),
      sqs,
      queueUrl,
      deadLetterQueueUrl,
      maxReceiveCount,
      retryBaseSeconds: options.worker?.retryBaseSeconds ?? WORKER_DEFAULTS.retryBaseSeconds,
      retryHorizonHours: options.worker?.retryHorizonHours ?? WORKER_DEFAULTS.retryHorizonHours,
      authPauseHours: options.worker?.authPauseHours ?? WORKER_DEFAULTS.authPauseHours,
      outageHoldSeconds: options.worker?.outageHoldSeconds ?? WORKER_DEFAULTS.outageHoldSeconds,
      concurrency: options.worker?.concurrency ?? WORKER_DEFAULTS.pinterestConcurrency,
      requestTimeoutMs,
      logger,
      onReport: (report) => {
        deliveries.recordReport(report);
        outcomes?.onReport(report);
        options.onReport?.(report);
      },
    });
    const poller = startPoller({
      sqs,
      queueUrl,
      handler: outcomes
        ? (event, context) => {
            outcomes.remember(event);
            return worker(event, context);
          }
        : worker,
      region,
      logger,
      functionTimeoutMs,
      ...(options.poller?.batchSize !== undefined ? { batchSize: options.poller.batchSize } : {}),
      ...(options.poller?.batchWindowMs !== undefined ? { batchWindowMs: options.poller.batchWindowMs } : {}),
      ...(options.poller?.waitTimeSeconds !== undefined ? { waitTimeSeconds: options.poller.waitTimeSeconds } : {}),
      ...(options.poller?.concurrency !== undefined ? { concurrency: options.poller.concurrency } : {}),
      ...(options.onBatch ? { onBatch: options.onBatch } : {}),
    });
    cleanups.push(() => poller.stop());

    const ingestHandler = options.createIngestHandler({
      settings: options.settings,
      sqs,
      queueUrl,
      deadLetterQueueUrl,
      limits: {
        maxBodyBytes: options.ingest?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
        maxEventBytes: options.ingest?.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
      },
      send: { maxAttempts: 3, baseDelayMs: 50 },
      budget: options.ingest?.budget ?? DEFAULT_INGEST_BUDGET,
    });
    const localConsole = consoleForStack(options.console, host, {
      settings: options.settings,
      deliveries,
      sqs,
      queueUrl,
      deadLetterQueueUrl,
      sqsEndpoint,
      pinterest: { url: pinterestApiUrl, sandbox: sandbox !== undefined },
      ...(embedded ? { scanWaitSeconds: 0 } : {}),
      logger,
    });
    const server: IngestServer = await startIngestServer({
      handler: ingestHandler,
      port: options.port ?? 3000,
      host,
      ...(localConsole ? { intercept: localConsole.handle } : {}),
    });
    cleanups.push(() => server.close());

    let stopping: Promise<void> | undefined;
    return {
      url: server.url,
      eventsUrl: (sourceId) => `${server.url}/v1/sources/${encodeURIComponent(sourceId)}/events`,
      sqsEndpoint,
      region,
      queueUrl,
      deadLetterQueueUrl,
      pinterestApiUrl,
      ...(sandbox ? { sandbox } : {}),
      deliveries,
      sqs,
      poller,
      // Reverse start order: ingest stops taking requests and finishes those in flight, then the
      // poller aborts its long polls and finishes its batch, then Pinterest and SQS go.
      stop: () => (stopping ??= cleanup()),
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
