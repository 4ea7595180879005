/**
 * `npm start`: the whole pipeline on this machine (lib/local), configured by environment
 * (README "A five-minute tour", docs/local.md). Prints where to send events and a ready curl command; Ctrl-C or SIGTERM
 * finishes the work in flight and exits within 10 s.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// Set before the SDK and Powertools load: no EMF metrics on a laptop, no SDK notice about Node 20.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_SERVICE_NAME ??= 'pinterest-tag-local';

const ROOT = join(__dirname, '..');
const CURL_SAMPLE = join(ROOT, 'events', 'segment', 'order-completed.json');
const EXIT_DEADLINE_MS = 9000;

async function main(): Promise<void> {
  const local = await import('../lib/local');
  const logFormat = process.env.LOG_FORMAT?.trim().toLowerCase() || (process.stdout.isTTY ? 'pretty' : 'json');
  if (logFormat === 'pretty') {
    local.prettifyStream(process.stdout);
    local.prettifyStream(process.stderr);
  }
  const { createHandler } = await import('../functions/ingest');
  const { logger } = await import('../lib/observability/logger');

  const config = local.readLocalStackConfig();
  // Every source checked before anything starts: all problems at once, and no start on any error.
  const check = local.checkLocalSettings(config.settingsFile);
  if (!check.ok) {
    process.stderr.write(`${local.refusalMessage(local.displayPath(config.settingsFile), check)}\n`);
    process.exit(1);
  }
  for (const warning of check.warnings) process.stderr.write(`settings warning: ${warning}\n`);
  const settings = check.provider;
  const stackFile = process.env.LOCAL_STACK_FILE?.trim() || local.DEFAULT_STACK_FILE;
  const stack = await local.startLocalStack({
    createIngestHandler: createHandler,
    settings,
    port: config.port,
    sqs: { embedded: { port: config.sqsPort } },
    ...(config.pinterestApiUrl ? { pinterestApiUrl: config.pinterestApiUrl } : { sandbox: { port: config.sandboxPort } }),
    worker: {
      maxReceiveCount: config.maxReceiveCount,
      retryBaseSeconds: config.retryBaseSeconds,
      retryHorizonHours: config.retryHorizonHours,
      authPauseHours: config.authPauseHours,
      outageHoldSeconds: config.outageHoldSeconds,
      concurrency: config.pinterestConcurrency,
      requestTimeoutMs: config.pinterestTimeoutMs,
    },
    poller: {
      batchSize: config.batchSize,
      batchWindowMs: config.batchWindowMs,
      functionTimeoutMs: config.functionTimeoutMs,
      visibilityTimeoutSeconds: config.visibilityTimeoutSeconds,
      concurrency: config.concurrentBatches,
    },
    ingest: { maxBodyBytes: config.maxBodyBytes, maxEventBytes: config.maxEventBytes, budget: config.ingestBudget },
    console: { settingsFile: config.settingsFile },
    explainOutcomes: true,
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping: finishing requests and the batch in flight', { signal });
    // Never hang: whatever is still open after the deadline is abandoned.
    setTimeout(() => {
      logger.error('shutdown took too long; exiting anyway');
      process.exit(1);
    }, EXIT_DEADLINE_MS).unref();
    local.removeStackFile(process.pid, stackFile);
    stack.stop().then(
      () => {
        logger.info('stopped', { batches: stack.poller.stats.batches, records: stack.poller.stats.received });
        process.exit(0);
      },
      (error: unknown) => {
        logger.error('shutdown failed', { error: (error as Error).message });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // `npm start` runs this under `sh -c`; a SIGTERM sent to npm ends that shell (dash does not pass
  // it on), which leaves this process orphaned: treat losing the parent as a stop request.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) shutdown('parent exited');
  }, 500).unref();

  // The demo source (the first in the settings file) and a fresh copy of a sample to post.
  // Every printed command uses absolute paths, so it works from any directory.
  const sourceId = settings.sourceIds()[0];
  const secret = sourceId ? await settings.getWebhookSecret(sourceId) : undefined;
  const writeKey = sourceId ? (await settings.getIngestCredentials(sourceId))?.writeKey : undefined;
  const cli = `node ${local.shellQuote(join(ROOT, 'bin', 'npx-pinterest-tag.cjs'))}`;
  const lines = [
    '',
    'pinterest-tag-destination: local stack running',
    `  Console                 ${stack.url}/  (sources, event tester, deliveries, dead letters)`,
    `  Post Segment events to  POST ${stack.url}/v1/sources/{sourceId}/events`,
    `  Settings                ${config.settingsFile} (sources: ${settings.sourceIds().join(', ') || 'none'})`,
    `  Pinterest               ${stack.sandbox ? `built-in sandbox at ${stack.sandbox.url} (set PINTEREST_API_URL to deliver elsewhere)` : stack.pinterestApiUrl}`,
    `  SQS (embedded)          ${stack.sqsEndpoint}`,
    `    main queue            ${stack.queueUrl}`,
    `    dead-letter queue     ${stack.deadLetterQueueUrl}`,
    `  Worker                  batches of up to ${config.batchSize} records, ${config.batchWindowMs / 1000} s window; transient failures retried in the invocation, then after ${config.retryBaseSeconds} s × 2^(receive−1) for up to ${config.retryHorizonHours} h`,
    `  Stack file              ${stackFile} (the CLI finds the queues there)`,
  ];
  if (sourceId && secret) {
    const isDemoFile = relative(ROOT, config.settingsFile) === join('config', 'local-sources.json');
    const body = local.restampBody(JSON.parse(readFileSync(CURL_SAMPLE, 'utf8')), new Date());
    const signed = local.signedBody(body, secret, true);
    const dir = join(ROOT, '.local');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'order-completed.json');
    writeFileSync(file, signed.payload);
    lines.push(
      // Only the committed demo secret is printed: a real settings file's secret stays off the screen.
      `  Demo source             ${sourceId} (webhook secret ${isDemoFile ? `"${secret}"` : 'from your settings file, not shown'})`,
      ...(isDemoFile && writeKey
        ? [`  Segment clients         host ${stack.url}, path /v1/batch, write key "${writeKey}" (docs/ingest-api.md)`]
        : []),
      '',
      `Try it (${CURL_SAMPLE} with its timestamps set to now, signed with the demo secret):`,
      '',
      local.curlCommand(stack.eventsUrl(sourceId), signed.headers['x-signature'] as string, file),
      '',
      `Or post any sample:  npm --prefix ${local.shellQuote(ROOT)} run send -- ${local.shellQuote(join(ROOT, 'events', 'segment', 'sample.ndjson'))} --source ${sourceId}`,
    );
  }
  lines.push(
    `Dead letters:        ${stackFile === local.DEFAULT_STACK_FILE ? '' : `LOCAL_STACK_FILE=${local.shellQuote(stackFile)} `}${cli} dlq stats   (in the clone: npx pinterest-tag dlq stats|peek|replay, no flags needed)`,
    'Ctrl-C stops.',
    '',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  local.writeStackFile(
    local.describeStack({ ...stack, region: stack.region, settingsFile: config.settingsFile }),
    stackFile,
  );
  logger.info('local stack ready', {
    url: stack.url,
    sqsEndpoint: stack.sqsEndpoint,
    queueUrl: stack.queueUrl,
    deadLetterQueueUrl: stack.deadLetterQueueUrl,
    pinterestApiUrl: stack.pinterestApiUrl,
    stackFile,
  });
}

main().catch((error: unknown) => {
  const err = error as NodeJS.ErrnoException & { port?: number };
  const hint = err.code === 'EADDRINUSE' ? ` (port ${err.port ?? ''} is taken: set PORT or SQS_PORT to another port, or 0 for any free one)` : '';
  process.stderr.write(`local stack failed to start: ${err.message}${hint}\n`);
  process.exit(1);
});
