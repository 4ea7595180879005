import { ListDeadLetterSourceQueuesCommand, ListQueuesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddedSqs, Queues } from '../../lib/local';
import { describeStack } from '../../lib/local/stack-file';
import { redriveSourceOf } from '../../lib/ops/queue-urls';
import { deadLetterAttributes } from '../../lib/queue/attributes';
import { runCli as cli } from '../support/run-cli';
import { startStackFileQueues, type StackFileQueues } from '../support/stack-file-queues';

/**
 * The operator CLI as a newcomer meets it: mistakes get one line and a pointer to --help, a
 * running `npm start` is found without flags (.local/stack.json), `replay` finds the main queue
 * itself, and what the local SQS server cannot do is said in a sentence.
 */
const dir = mkdtempSync(join(tmpdir(), 'cli-explains-'));

describe('usage errors: the one line that matters, the closest valid flag, a pointer to --help', () => {
  it.each([
    [['dlq', 'stats', '--dlq'], 'unknown option --dlq; did you mean --dlq-url?', 'dlq stats'],
    [['dlq', 'peek', '--limt', '3'], 'unknown option --limt; did you mean --limit?', 'dlq peek'],
    [['dlq', 'replay', '--dry-rnu'], 'unknown option --dry-rnu; did you mean --dry-run?', 'dlq replay'],
    [['dlq', 'replay', '--limit'], '--limit needs a value', 'dlq replay'],
    [['dlq', 'stats', '--json=yes'], '--json is a switch and takes no value', 'dlq stats'],
    [['dlq', 'stats', '--frobnicate'], 'unknown option --frobnicate', 'dlq stats'],
  ])('%j', async (args, message, command) => {
    const { code, out, err } = await cli(args);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toBe(`pinterest-tag: ${message}\nRun \`pinterest-tag ${command} --help\` for usage and examples.\n`);
  });

  it('suggests the command meant', async () => {
    expect((await cli(['dlq', 'stat'])).err).toBe('pinterest-tag: unknown command "dlq stat"; did you mean "dlq stats"?\nRun `pinterest-tag dlq --help` for what each does.\n');
    expect((await cli(['setings', 'validate'])).err).toMatch(/^pinterest-tag: unknown command "setings"; did you mean "settings validate"\?\n/);
    expect((await cli(['dlq'])).err).toBe('pinterest-tag: dlq needs a command: dlq stats|peek|replay|purge|move-status\nRun `pinterest-tag dlq --help` for what each does.\n');
  });
});

describe('settings validate', () => {
  it('reports every error and warning in one pass', async () => {
    const file = join(dir, 'web.json');
    writeFileSync(file, JSON.stringify({ tagId: '12a', testMode: 'yes', eventMapping: { 'Order Completed': 'Purchase' }, customProperties: ['myObject.brandName'] }));
    const { code, out } = await cli(['settings', 'validate', file]);
    expect(code).toBe(2);
    const problems = out.split('\n').filter((l) => /^\s+(error|warning):/.test(l));
    expect(problems).toEqual([
      '  error: tagId must be digits only, like 2614759966035',
      '  error: testMode must be true or false',
      expect.stringMatching(/^ {2}error: eventMapping\["Order Completed"\]: "Purchase" is not a Pinterest standard event/),
      expect.stringMatching(/^ {2}warning: customProperties\[0\] \("myObject.brandName"\)/),
      expect.stringMatching(/^ {2}warning: adAccountId is not set/),
    ]);
  });

  it('gives line and column of a JSON syntax error', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "tagId": "1",\n}');
    const { code, err } = await cli(['settings', 'validate', file]);
    expect(code).toBe(2);
    expect(err).toContain('(line 3, column 1): expected a double-quoted property name');
  });
});

describe('against the local SQS server', () => {
  let sqsServer: EmbeddedSqs;
  let sqs: SQSClient;
  let queues: Queues;
  let local: StackFileQueues;
  const stackFile = join(dir, 'stack.json');

  beforeAll(async () => {
    local = await startStackFileQueues('cli', stackFile);
    ({ server: sqsServer, sqs, queues } = local);
  });
  afterAll(() => local.stop());

  const deadLetter = (messageId: string) =>
    sqs.send(
      new SendMessageCommand({
        QueueUrl: queues.deadLetterQueueUrl,
        MessageBody: JSON.stringify({ type: 'track', event: 'Order Completed', messageId }),
        MessageAttributes: deadLetterAttributes({ sourceId: 'demo', reason: 'pinterest_rejected', detail: 'Invalid currency', firstReceivedAt: '2026-12-01T00:00:00.000Z', attempts: 1 }),
      }),
    );

  it('dlq stats, peek and replay work with no flags while the local stack runs (.local/stack.json)', async () => {
    await deadLetter('local-1');
    const env = { LOCAL_STACK_FILE: stackFile };
    const stats = await cli(['dlq', 'stats'], { env });
    expect(stats.code).toBe(0);
    expect(stats.out).toMatch(/demo\s+pinterest_rejected\s+1/);
    expect(stats.err).toContain(`(using the local stack of ${stackFile}`);
    const peek = await cli(['dlq', 'peek'], { env });
    expect(peek.out).toContain('detail:  Invalid currency');
    const replay = await cli(['dlq', 'replay'], { env });
    expect(replay.code).toBe(0);
    expect(replay.out).toContain(`Replayed 1 of 1 matching message to ${queues.queueUrl}`);
  });

  it('replay --all explains that the emulator has no message move tasks and what to run instead', async () => {
    const { code, err } = await cli(['dlq', 'replay', '--all'], { env: { LOCAL_STACK_FILE: stackFile } });
    expect(code).toBe(1);
    expect(err).toContain(`pinterest-tag dlq replay: the SQS endpoint ${sqsServer.endpoint} does not support StartMessageMoveTask`);
    expect(err).toContain('Replay without --all instead: `pinterest-tag dlq replay`');
    expect(err).not.toContain('InvalidAction');
    const status = await cli(['dlq', 'move-status'], { env: { LOCAL_STACK_FILE: stackFile } });
    expect(status).toMatchObject({ code: 1, err: expect.stringContaining('does not support ListMessageMoveTasks') });
  });

  it('replay with only --dlq-url finds the main queue from the redrive policy', async () => {
    await deadLetter('derived-1');
    const { code, out } = await cli(['dlq', 'replay', '--dlq-url', queues.deadLetterQueueUrl, '--endpoint-url', sqsServer.endpoint, '--region', 'us-east-1']);
    expect(code).toBe(0);
    expect(out).toContain(`to ${queues.queueUrl}`);
  });

  it('ignores a stack file whose process is gone', async () => {
    const stale = join(dir, 'stale.json');
    writeFileSync(stale, JSON.stringify({ ...describeStack({ url: 'http://127.0.0.1:1', sqsEndpoint: sqsServer.endpoint, region: 'us-east-1', ...queues, pinterestApiUrl: 'x', settingsFile: 'x' }), pid: 2 ** 22 + 12345 }));
    const { code, err } = await cli(['dlq', 'stats'], { env: { LOCAL_STACK_FILE: stale } });
    expect(code).toBe(2);
    expect(err).toContain('no dead-letter queue: pass --dlq-url');
  });
});

describe('redriveSourceOf (SQS ListDeadLetterSourceQueues)', () => {
  // Created in beforeAll: mockClient at collection time would mock the SQS clients of every test above.
  let mock: ReturnType<typeof mockClient>;
  beforeAll(() => {
    mock = mockClient(SQSClient);
  });
  afterAll(() => mock.restore());
  const client = new SQSClient({});

  it('is the one queue that redrives into the dead-letter queue', async () => {
    mock.reset();
    mock.on(ListDeadLetterSourceQueuesCommand).resolves({ queueUrls: ['https://sqs/main'] });
    await expect(redriveSourceOf(client, 'https://sqs/dlq')).resolves.toBe('https://sqs/main');
    expect(mock.commandCalls(ListQueuesCommand)).toHaveLength(0);
  });

  it('asks for --queue-url when there are none or several', async () => {
    mock.reset();
    mock.on(ListDeadLetterSourceQueuesCommand).resolves({ queueUrls: ['https://sqs/a', 'https://sqs/b'] });
    await expect(redriveSourceOf(client, 'https://sqs/dlq')).rejects.toThrow('2 queues use https://sqs/dlq as their dead-letter queue (https://sqs/a, https://sqs/b); choose one with --queue-url');
    mock.on(ListDeadLetterSourceQueuesCommand).resolves({ queueUrls: [] });
    await expect(redriveSourceOf(client, 'https://sqs/dlq')).rejects.toThrow('no queue has https://sqs/dlq as its dead-letter queue');
  });
});
