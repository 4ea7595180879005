/**
 * `npm run invoke -- ingest events/lambda/ingest-batch.json`: run the deployed ingest handler
 * (functions/ingest.ts, unchanged) on an API Gateway event file, on this machine, without AWS:
 * the settings come from a local file (LOCAL_SETTINGS, default config/local-sources.json) and the
 * queues are the embedded SQS server's, started for the call and stopped after it. Prints the handler's response and
 * what it enqueued. The local stand-in for `serverless invoke local -f ingest -p <file>`, which
 * needs AWS credentials and the deployed stack's SSM parameters.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

const ROOT = join(__dirname, '..');
const USAGE = 'usage: npm run invoke -- ingest <api-gateway-event.json>   (e.g. events/lambda/ingest-batch.json)';

async function main(argv: string[]): Promise<number> {
  const [fn, file, ...rest] = argv;
  if (fn === '--help' || fn === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (fn !== 'ingest' || !file || rest.length > 0) {
    process.stderr.write(`${fn && fn !== 'ingest' ? `invoke: unknown function "${fn}" (only ingest takes an API Gateway event)\n` : ''}${USAGE}\n`);
    return 2;
  }
  const eventPath = isAbsolute(file) ? file : resolve(process.cwd(), file);
  const event: unknown = JSON.parse(readFileSync(eventPath, 'utf8'));

  const local = await import('../lib/local');
  const sqsServer = await local.startEmbeddedSqs();
  const sqs = local.localSqsClient({ endpoint: sqsServer.endpoint });
  try {
    const queues = await local.createQueues(sqs, {
      queueName: 'pinterest-tag-invoke-events',
      deadLetterQueueName: 'pinterest-tag-invoke-dead-letter',
      redriveMaxReceiveCount: 10,
      visibilityTimeoutSeconds: 30,
    });
    // The handler reads its configuration from the environment, as in Lambda; only endpoints differ.
    Object.assign(process.env, {
      QUEUE_URL: queues.queueUrl,
      DEAD_LETTER_QUEUE_URL: queues.deadLetterQueueUrl,
      LOCAL_SETTINGS: process.env.LOCAL_SETTINGS?.trim() || join(ROOT, 'config', 'local-sources.json'),
    });
    // The handler's own wiring (buildDeps reads the environment), with an SQS client for the
    // embedded server: its queue URLs name a *.localhost host that not every machine resolves.
    const { buildDeps, createHandler } = await import('../functions/ingest');
    const handler = createHandler({ ...buildDeps(), sqs });
    const response = await handler(event as Parameters<typeof handler>[0]);
    const { GetQueueAttributesCommand } = await import('@aws-sdk/client-sqs');
    const depth = async (url: string) =>
      Number((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes?.ApproximateNumberOfMessages ?? 0);
    process.stdout.write(
      `${JSON.stringify({ statusCode: response.statusCode, body: JSON.parse(response.body ?? 'null') as unknown }, null, 2)}\n` +
        `enqueued: ${await depth(queues.queueUrl)} on the main queue, ${await depth(queues.deadLetterQueueUrl)} on the dead-letter queue ` +
        `(settings ${process.env.LOCAL_SETTINGS}; embedded SQS, stopped now)\n`,
    );
    return (response.statusCode ?? 500) < 500 ? 0 : 1;
  } finally {
    sqs.destroy();
    await sqsServer.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`invoke: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
