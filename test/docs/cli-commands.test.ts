import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DescribeParametersCommand, GetParametersByPathCommand, GetParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { getParametersFromFolders } from '../support/ssm-folders';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startPinterestSandbox, type PinterestSandbox } from '../../lib/local';
import { runCli } from '../support/run-cli';
import { startStackFileQueues, type StackFileQueues } from '../support/stack-file-queues';

/**
 * Every `npx pinterest-tag …` command in docs/operations.md and docs/local.md, run as written.
 * Commands for a deployed stage (`--stage prod`) run against aws-sdk-client-mock (no network);
 * the others against a real embedded SQS server found through a stack file, as with `npm start`.
 * Each must finish with exit code 0: a renamed flag or a command that needs more than the docs
 * say fails here.
 */
const ROOT = resolve(__dirname, '../..');
const PAGES = ['docs/operations.md', 'docs/local.md'];

interface DocCommand {
  page: string;
  line: number;
  argv: string[];
  stdin?: string;
}

/** `npx pinterest-tag …` lines of ```sh blocks: continuations joined, comments, `< file` and `x |` handled. */
function documentedCommands(): DocCommand[] {
  const commands: DocCommand[] = [];
  for (const page of PAGES) {
    const lines = readFileSync(join(ROOT, page), 'utf8').split('\n');
    let inShell = false;
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i] as string;
      if (text.startsWith('```')) {
        inShell = text === '```sh';
        continue;
      }
      if (!inShell || !/(^|\| )npx pinterest-tag /.test(text)) continue;
      let command = text;
      const start = i;
      while (command.replace(/\s+#.*$/, '').trimEnd().endsWith('\\')) command = `${command.replace(/\s+#.*$/, '').trimEnd().slice(0, -1)} ${(lines[++i] as string).trim()}`;
      command = command.replace(/\s+#.*$/, '').trim();
      let stdin: string | undefined;
      const piped = /^(\w+) \| (.*)$/.exec(command);
      if (piped) {
        stdin = 'pina_TOKEN_FROM_CLIPBOARD\n';
        command = piped[2] as string;
      }
      const redirect = / < (\S+)$/.exec(command);
      if (redirect) {
        stdin = `@${redirect[1]}`;
        command = command.slice(0, redirect.index);
      }
      commands.push({ page, line: start + 1, argv: command.replace(/^npx pinterest-tag /, '').split(/\s+/), ...(stdin !== undefined ? { stdin } : {}) });
    }
  }
  return commands;
}

const commands = documentedCommands();
const deployed = commands.filter((c) => c.argv.includes('--stage'));
const local = commands.filter((c) => !c.argv.includes('--stage'));

// The documented files, in a directory of their own: the operator's settings/web.json, token.txt, …
const work = mkdtempSync(join(tmpdir(), 'doc-commands-'));
mkdirSync(join(work, 'settings'));
const WEB_SETTINGS = { tagId: '2614759966035', adAccountId: '549755885175', advertiserDefinedEvents: { 'Button Clicked': 'Lead' } };
writeFileSync(join(work, 'settings', 'web.json'), JSON.stringify(WEB_SETTINGS));
writeFileSync(join(work, 'my-sources.json'), JSON.stringify({ sources: { web: WEB_SETTINGS } }));
writeFileSync(join(work, 'token.txt'), 'pina_DOC_TOKEN\n');
writeFileSync(join(work, 'secret.txt'), 'doc-webhook-secret\n');
for (const dir of ['config', 'events']) symlinkSync(join(ROOT, dir), join(work, dir));
const cwd = process.cwd();
// `events …` talk to Pinterest's API: here the local sandbox, with the token the docs export first.
let sandbox: PinterestSandbox;
const pinterestEnv = () => ({ PINTEREST_ACCESS_TOKEN: 'pina_DOC_ACCESS_TOKEN', PINTEREST_API_URL: sandbox.url });
beforeAll(async () => {
  process.chdir(work);
  sandbox = await startPinterestSandbox({ print: () => undefined });
});
afterAll(async () => {
  process.chdir(cwd);
  await sandbox.close();
});

const stdinOf = (c: DocCommand) => (c.stdin?.startsWith('@') ? readFileSync(join(work, c.stdin.slice(1)), 'utf8') : c.stdin);

it('the docs hold the commands this test runs', () => {
  expect(deployed.length).toBeGreaterThanOrEqual(10);
  expect(local.length).toBeGreaterThanOrEqual(6);
});

describe('commands for a deployed stage (AWS mocked)', () => {
  let sqs: ReturnType<typeof mockClient>;
  let ssm: ReturnType<typeof mockClient>;
  beforeAll(() => {
    sqs = mockClient(SQSClient);
    ssm = mockClient(SSMClient);
    sqs.on(GetQueueUrlCommand).callsFake((input: { QueueName: string }) => ({ QueueUrl: `https://sqs.us-east-1.amazonaws.com/123456789012/${input.QueueName}` }));
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [] });
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0', QueueArn: 'arn:aws:sqs:us-east-1:123456789012:q' } });
    sqs.on(ListDeadLetterSourceQueuesCommand).resolves({ queueUrls: [] });
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    ssm.on(DescribeParametersCommand).resolves({ Parameters: [{ Name: '/pinterest-tag/prod/sources/web/settings', LastModifiedDate: new Date() }] });
    const webFolder = { Parameters: [{ Name: '/pinterest-tag/prod/sources/web/settings', Value: JSON.stringify(WEB_SETTINGS), Type: 'String' as const, Version: 1 }] };
    ssm.on(GetParametersByPathCommand).resolves(webFolder);
    ssm.on(GetParametersCommand).callsFake(getParametersFromFolders(() => webFolder));
  });
  afterAll(() => {
    sqs.restore();
    ssm.restore();
  });

  it.each(deployed.map((c) => [`${c.page}:${c.line} ${c.argv.join(' ')}`, c] as const))('%s', async (_name, command) => {
    const stdin = stdinOf(command);
    const result = await runCli(command.argv, { tty: true, ...(stdin !== undefined ? { stdin } : {}), env: { AWS_REGION: 'us-east-1', ...pinterestEnv() } });
    expect({ code: result.code, err: result.err }).toEqual({ code: 0, err: expect.not.stringContaining('pinterest-tag:') });
  });
});

describe('commands for the local stack (embedded SQS, found through the stack file)', () => {
  let queues: StackFileQueues;
  const stackFile = join(work, 'stack.json');
  beforeAll(async () => {
    queues = await startStackFileQueues('doc', stackFile);
  });
  afterAll(() => queues.stop());

  it.each(local.map((c) => [`${c.page}:${c.line} ${c.argv.join(' ')}`, c] as const))('%s', async (_name, command) => {
    const stdin = stdinOf(command);
    const result = await runCli(command.argv, { ...(stdin !== undefined ? { stdin } : {}), env: { LOCAL_STACK_FILE: stackFile, ...pinterestEnv() } });
    expect({ code: result.code, err: result.err }).toEqual({ code: 0, err: expect.not.stringContaining('pinterest-tag:') });
  });
});
