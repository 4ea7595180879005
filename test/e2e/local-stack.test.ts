import '../support/quiet-logs';
import { createHandler } from '../../functions/ingest';
import type { BatchReport } from '../../lib/delivery/process-batch';
import { startLocalStack, type LocalStack } from '../../lib/local';
import { FileSettingsProvider } from '../../lib/settings/file-provider';
import { startPinterestDouble, type PinterestDouble } from '../support/pinterest-double';
import { silentLogger } from '../support/local-stack';
import { describeDeliveryFlow, flowResponder, settingsFile } from './delivery-flow';

/**
 * The local stack in-process on the embedded SQS server (what `npm start` runs), delivering to
 * the recording Pinterest double. Retries are immediate (RETRY_BASE_SECONDS 0) to keep it fast.
 */
describe('local stack (embedded SQS, file settings)', () => {
  let stack: LocalStack;
  let double: PinterestDouble;
  const reports: BatchReport[] = [];

  beforeAll(async () => {
    double = await startPinterestDouble(flowResponder());
    stack = await startLocalStack({
      createIngestHandler: createHandler,
      settings: new FileSettingsProvider(settingsFile()),
      port: 0,
      sqs: { embedded: { port: 0 } },
      pinterestApiUrl: double.url,
      worker: { retryBaseSeconds: 0 },
      poller: { batchWindowMs: 200 },
      logger: silentLogger,
      onReport: (report) => reports.push(report),
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await double?.close();
  });

  test('every server is on loopback', () => {
    for (const url of [stack.url, stack.sqsEndpoint, stack.pinterestApiUrl]) expect(new URL(url).hostname).toBe('127.0.0.1');
  });

  test('only the ingest route exists, as behind API Gateway', async () => {
    const wrongPath = await fetch(`${stack.url}/v1/sources/shop`, { method: 'POST', body: '{}' });
    expect(wrongPath.status).toBe(404);
    expect(await wrongPath.json()).toEqual({ message: 'Not Found' });
    expect((await fetch(stack.eventsUrl('shop'))).status).toBe(404);
  });

  describeDeliveryFlow(() => ({ stack, double, reports }));
});
