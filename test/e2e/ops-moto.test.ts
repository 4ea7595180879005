import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deadLetterAttributes, type DeadLetter } from '../../lib/queue/attributes';
import { SsmSettingsProvider } from '../../lib/settings/ssm-provider';
import { motoAvailability, startMoto, type MotoServer } from '../support/moto-server';
import { runCli } from '../support/run-cli';

/**
 * The operator CLI against a real SQS/SSM implementation (moto_server on 127.0.0.1): what the
 * unit tests model, checked against the service's actual semantics (visibility, receipt handles,
 * per-entry batch failures, SecureStrings). moto has no StartMessageMoveTask, so `--all` is
 * covered by unit tests with mocks only.
 */
const moto = motoAvailability();
if (!moto.available && process.env.CI === 'true') {
  throw new Error(`CI needs moto_server for the operator integration tests: ${moto.reason}`);
}
if (!moto.available) console.warn(`operator tooling against moto_server: skipped: ${moto.reason}`);
const describeMoto = moto.available ? describe : describe.skip;

describeMoto(`operator tooling against moto_server${moto.available ? '' : ` (skipped: ${moto.reason})`}`, () => {
  let server: MotoServer;
  let sqs: SQSClient;
  const dir = mkdtempSync(join(tmpdir(), 'pinterest-tag-moto-'));
  let stageCount = 0;

  beforeAll(async () => {
    server = await startMoto();
    sqs = new SQSClient({ endpoint: server.endpoint, region: 'us-east-1' });
  });
  afterAll(async () => {
    sqs?.destroy();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (args: string[], options: { stdin?: string; tty?: boolean; env?: Record<string, string> } = {}) =>
    runCli([...args, '--endpoint-url', server.endpoint, '--region', 'us-east-1'], options);

  /** A fresh stage: its two queues under the deployed names, so `--stage` resolves them by GetQueueUrl. */
  async function stage(mainQueueAttributes: Record<string, string> = {}) {
    const name = `e2e${++stageCount}`;
    const queue = await sqs.send(new CreateQueueCommand({ QueueName: `pinterest-tag-destination-${name}-events`, Attributes: mainQueueAttributes }));
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `pinterest-tag-destination-${name}-dead-letter` }));
    return { name, queueUrl: queue.QueueUrl as string, dlqUrl: dlq.QueueUrl as string };
  }

  async function deadLetter(dlqUrl: string, messageId: string, letter: Partial<DeadLetter>, extra: Record<string, unknown> = {}) {
    const body = JSON.stringify({ type: 'track', event: 'Order Completed', messageId, userId: 'user-1', timestamp: '2026-01-01T00:00:00.000Z', ...extra });
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: dlqUrl,
        MessageBody: body,
        MessageAttributes: deadLetterAttributes({
          sourceId: 'web',
          reason: 'pinterest_auth',
          detail: '401',
          firstReceivedAt: '2026-01-01T00:00:00.000Z',
          attempts: 3,
          ...letter,
        }),
      }),
    );
    return body;
  }

  async function counts(url: string) {
    const response = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return { visible: Number(response.Attributes?.ApproximateNumberOfMessages), hidden: Number(response.Attributes?.ApproximateNumberOfMessagesNotVisible) };
  }

  /** Everything in a queue, consumed (only for checking results at the end of a test). */
  async function drain(url: string): Promise<Message[]> {
    const all: Message[] = [];
    for (;;) {
      const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], VisibilityTimeout: 60 }));
      if (!r.Messages?.length) return all;
      all.push(...r.Messages);
    }
  }

  const ids = (messages: Message[]) => messages.map((m) => JSON.parse(m.Body as string).messageId as string).sort();

  async function seed(dlqUrl: string) {
    await deadLetter(dlqUrl, 'web-auth-1', { sourceId: 'web', reason: 'pinterest_auth' });
    await deadLetter(dlqUrl, 'web-auth-2', { sourceId: 'web', reason: 'pinterest_auth', replays: 1 });
    await deadLetter(dlqUrl, 'ios-auth', { sourceId: 'ios', reason: 'pinterest_auth' });
    await deadLetter(dlqUrl, 'web-old', { sourceId: 'web', reason: 'event_too_old' });
    for (let i = 0; i < 11; i++) await deadLetter(dlqUrl, `ios-retry-${i}`, { sourceId: 'ios', reason: 'retries_exhausted' });
  }

  it('stats and peek read everything and leave every message visible', async () => {
    const s = await stage();
    await seed(s.dlqUrl);
    const stats = await cli(['dlq', 'stats', '--stage', s.name, '--json']);
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.out)).toMatchObject({ total: 15, bySource: { web: 3, ios: 12 }, byReason: { pinterest_auth: 3, event_too_old: 1, retries_exhausted: 11 } });
    expect(await counts(s.dlqUrl)).toEqual({ visible: 15, hidden: 0 });

    const peek = await cli(['dlq', 'peek', '--stage', s.name, '--reason', 'event_too_old']);
    expect(peek.code).toBe(0);
    expect(peek.out).toContain('source=web  reason=event_too_old');
    expect(peek.out).not.toContain('user-1');
    expect(await counts(s.dlqUrl)).toEqual({ visible: 15, hidden: 0 });
  });

  it('filtered replay moves exactly the matching messages, as the worker expects them', async () => {
    const s = await stage();
    await seed(s.dlqUrl);
    const { code, out } = await cli(['dlq', 'replay', '--stage', s.name, '--source', 'web', '--reason', 'pinterest_auth']);
    expect(out).toContain('Replayed 2 of 2 matching messages');
    expect(code).toBe(0);
    expect(await counts(s.dlqUrl)).toEqual({ visible: 13, hidden: 0 });

    const replayed = await drain(s.queueUrl);
    expect(ids(replayed)).toEqual(['web-auth-1', 'web-auth-2']);
    for (const m of replayed) {
      expect(Object.keys(m.MessageAttributes ?? {}).sort()).toEqual(['receivedAt', 'replays', 'sourceId']);
      expect(m.MessageAttributes?.sourceId?.StringValue).toBe('web');
      expect(m.MessageAttributes?.receivedAt?.StringValue).toBe('2026-01-01T00:00:00.000Z');
      expect(m.MessageAttributes?.replays?.StringValue).toBe(JSON.parse(m.Body as string).messageId === 'web-auth-2' ? '2' : '1');
    }
    expect(ids(await drain(s.dlqUrl))).not.toContain('web-auth-1');
  });

  it('a send failure leaves the message in the dead-letter queue (exit 1)', async () => {
    // The main queue takes at most 1 KiB per message: the large event is refused, the small one is not.
    // moto refuses a whole batch with an oversized entry, so --rate 1/s sends them one per call.
    const s = await stage({ MaximumMessageSize: '1024' });
    await deadLetter(s.dlqUrl, 'small', {});
    await deadLetter(s.dlqUrl, 'large', {}, { properties: { padding: 'x'.repeat(2000) } });
    const { code, out } = await cli(['dlq', 'replay', '--queue-url', s.queueUrl, '--dlq-url', s.dlqUrl, '--rate', '1/s', '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ matched: 2, replayed: 1, failed: 1 });
    expect(await counts(s.dlqUrl)).toEqual({ visible: 1, hidden: 0 });
    expect(ids(await drain(s.dlqUrl))).toEqual(['large']);
    expect(ids(await drain(s.queueUrl))).toEqual(['small']);
  });

  it('dry-run changes nothing', async () => {
    const s = await stage();
    await seed(s.dlqUrl);
    const { code, out } = await cli(['dlq', 'replay', '--stage', s.name, '--reason', 'retries_exhausted', '--dry-run']);
    expect(code).toBe(0);
    expect(out).toContain('Dry run: 11 messages (reason retries_exhausted) would be replayed (read 15); nothing changed.');
    expect(await counts(s.dlqUrl)).toEqual({ visible: 15, hidden: 0 });
    expect(await counts(s.queueUrl)).toEqual({ visible: 0, hidden: 0 });
  });

  it('purge needs confirmation, then deletes only the matching messages', async () => {
    const s = await stage();
    await seed(s.dlqUrl);
    const refused = await cli(['dlq', 'purge', '--stage', s.name, '--reason', 'retries_exhausted']);
    expect(refused.code).toBe(2);
    const declined = await cli(['dlq', 'purge', '--stage', s.name, '--reason', 'retries_exhausted'], { tty: true, stdin: 'no\n' });
    expect(declined.code).toBe(1);
    expect(await counts(s.dlqUrl)).toEqual({ visible: 15, hidden: 0 });

    const confirmed = await cli(['dlq', 'purge', '--stage', s.name, '--reason', 'retries_exhausted'], { tty: true, stdin: 'y\n' });
    expect(confirmed.err).toContain('Delete 11 messages (reason retries_exhausted)');
    expect(confirmed.code).toBe(0);
    expect(await counts(s.dlqUrl)).toEqual({ visible: 4, hidden: 0 });
    expect(ids(await drain(s.dlqUrl))).toEqual(['ios-auth', 'web-auth-1', 'web-auth-2', 'web-old']);
  });

  it('settings put/get/list round trip, readable by the worker and ingest provider', async () => {
    const prefix = '/pinterest-tag/e2e';
    const file = join(dir, 'web.json');
    writeFileSync(file, JSON.stringify({ tagId: '2614759966035', adAccountId: '549755885175', eventMapping: { 'Signed Up': 'Signup' } }));
    const put = await cli(
      ['settings', 'put', '--settings-prefix', prefix, '--source', 'web', '--file', file, '--conversion-token-stdin', '--webhook-secret-env', 'WHSEC'],
      { stdin: 'pina_E2E_TOKEN\n', env: { WHSEC: 'whsec_e2e' } },
    );
    expect(put.code).toBe(0);

    const get = await cli(['settings', 'get', '--settings-prefix', prefix, '--source', 'web', '--json']);
    expect(get.code).toBe(0);
    expect(get.out).not.toMatch(/pina_E2E_TOKEN|whsec_e2e/);
    expect(JSON.parse(get.out)).toMatchObject({
      found: true,
      document: { tagId: '2614759966035' },
      validation: { ok: true },
      conversionToken: { set: true, type: 'SecureString' },
      webhookSecret: { set: true, type: 'SecureString' },
    });

    const list = await cli(['settings', 'list', '--settings-prefix', prefix, '--json']);
    expect(JSON.parse(list.out).sources).toEqual([
      expect.objectContaining({ sourceId: 'web', settings: true, conversionToken: true, webhookSecret: true }),
    ]);

    const ssm = new SSMClient({ endpoint: server.endpoint, region: 'us-east-1' });
    const provider = new SsmSettingsProvider({ prefix, client: ssm });
    await expect(provider.getSource('web')).resolves.toMatchObject({ status: 'ok', conversionToken: 'pina_E2E_TOKEN', settings: { adAccountId: '549755885175' } });
    await expect(provider.getWebhookSecret('web')).resolves.toBe('whsec_e2e');
    ssm.destroy();
  });
});
