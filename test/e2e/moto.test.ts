import '../support/quiet-logs';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { createHandler } from '../../functions/ingest';
import { DEFAULT_INGEST_BUDGET } from '../../lib/ingest/config';
import type { BatchReport } from '../../lib/delivery/process-batch';
import { WORKER_DEFAULTS } from '../../lib/config/worker';
import { localSsmClient, REDRIVE_MARGIN, startLocalStack, type LocalStack } from '../../lib/local';
import { SsmSettingsProvider } from '../../lib/settings/ssm-provider';
import { startPinterestDouble, type PinterestDouble } from '../support/pinterest-double';
import { silentLogger } from '../support/local-stack';
import { motoAvailability, startMoto, type MotoServer } from '../support/moto-server';
import { describeDeliveryFlow, flowResponder, putSsmSettings } from './delivery-flow';

/**
 * The same flow with the production settings provider (SSM, via Powertools Parameters) and the
 * SQS client talking to moto_server (Python moto 5.2) instead of the embedded server: the real
 * SDK protocols end to end. moto_server is required on CI; elsewhere, without it, these tests are
 * reported as skipped with the reason in their name.
 */
const motoCheck = motoAvailability();
const onCi = process.env.CI === 'true';
const MISSING = motoCheck.available ? '' : motoCheck.reason;
const PREFIX = '/pinterest-tag/e2e';

if (!motoCheck.available && onCi) {
  test('moto_server is installed (required on CI)', () => {
    throw new Error(`${MISSING}; the end-to-end tests against moto cannot run`);
  });
}

if (!motoCheck.available && !onCi) console.warn(`skipping the end-to-end tests against moto: ${MISSING}`);
const describeWithMoto = motoCheck.available ? describe : describe.skip;

describeWithMoto(`local stack on moto_server (SSM settings, SQS client)${motoCheck.available ? '' : ` [skipped: ${MISSING}]`}`, () => {
  let moto: MotoServer;
  let stack: LocalStack;
  let double: PinterestDouble;
  const reports: BatchReport[] = [];

  beforeAll(async () => {
    moto = await startMoto();
    const ssm = localSsmClient({ endpoint: moto.endpoint });
    await putSsmSettings(ssm, PREFIX);
    double = await startPinterestDouble(flowResponder());
    stack = await startLocalStack({
      createIngestHandler: createHandler,
      settings: new SsmSettingsProvider({ prefix: PREFIX, client: ssm }),
      port: 0,
      sqs: { endpoint: moto.endpoint },
      // This suite is about batching, hashing and mapping on real SQS/SSM semantics. moto is slow
      // under load (SendMessageBatch up to seconds), so the 4 s production deadline would turn a
      // 250-event body into a 503 with unstored events on a busy machine; what ingest does then
      // is test/e2e/slow-queue-moto.test.ts's subject. Here the deadline is Lambda-sized.
      ingest: { budget: { ...DEFAULT_INGEST_BUDGET, deadlineMs: 28_000 } },
      pinterestApiUrl: double.url,
      worker: { retryBaseSeconds: 0 },
      poller: { batchWindowMs: 200 },
      logger: silentLogger,
      onReport: (report) => reports.push(report),
    });
  }, 30_000);

  afterAll(async () => {
    await stack?.stop();
    await double?.close();
    await moto?.stop();
  });

  test('queues live in moto; the redrive policy moves to the DLQ only after the worker gave up', async () => {
    expect(new URL(stack.queueUrl).origin).toBe(moto.endpoint);
    const [main, dead] = await Promise.all(
      [stack.queueUrl, stack.deadLetterQueueUrl].map((QueueUrl) =>
        stack.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['RedrivePolicy', 'QueueArn'] })),
      ),
    );
    const policy = JSON.parse(main?.Attributes?.RedrivePolicy ?? '{}') as { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
    expect(policy.deadLetterTargetArn).toBe(dead?.Attributes?.QueueArn);
    expect(Number(policy.maxReceiveCount)).toBe(WORKER_DEFAULTS.maxReceiveCount + REDRIVE_MARGIN);
  });

  describeDeliveryFlow(() => ({ stack, double, reports }));
});
