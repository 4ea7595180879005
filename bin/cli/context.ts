import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Readable, Writable } from 'node:stream';
import { DEFAULT_STACK_FILE, readStackFile, type StackFile } from '../../lib/local/stack-file';
import { resolveQueueUrls, stageSettingsPrefix } from '../../lib/ops/queue-urls';

/** What the CLI reads and writes: injected so tests drive it without a process. */
export interface CliIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C: long operations stop between batches. */
  signal?: AbortSignal;
  now?: () => number;
}

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** Wrong flags, arguments or input: exit code 2, with the command's usage hint. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Values = Record<string, string | boolean | undefined>;

/** Flags and variables that choose queues: when none is given, a running `npm start` is used. */
const QUEUE_CHOICE_FLAGS = ['queue-url', 'dlq-url', 'stage', 'endpoint-url'];
const QUEUE_CHOICE_ENV = ['QUEUE_URL', 'DEAD_LETTER_QUEUE_URL'];
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export class Context {
  private sqsClient?: SQSClient;
  private ssmClient?: SSMClient;
  private stack?: StackFile | null;

  constructor(
    readonly io: CliIo,
    readonly values: Values,
    readonly positionals: string[],
  ) {}

  str(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === 'string' ? value : undefined;
  }

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  get json(): boolean {
    return this.flag('json');
  }

  out(text: string): void {
    this.io.stdout.write(`${text}\n`);
  }

  err(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  printJson(value: unknown): void {
    this.out(JSON.stringify(value, null, 2));
  }

  /**
   * The local stack from `.local/stack.json` (LOCAL_STACK_FILE overrides the path) when no queue
   * was chosen by flag or environment and `npm start` is running; announced once on stderr.
   */
  localStack(): StackFile | undefined {
    if (this.stack !== undefined) return this.stack ?? undefined;
    const chosen = QUEUE_CHOICE_FLAGS.some((f) => this.str(f) !== undefined) || QUEUE_CHOICE_ENV.some((v) => this.io.env[v]?.trim());
    const file = this.io.env.LOCAL_STACK_FILE?.trim() || DEFAULT_STACK_FILE;
    this.stack = chosen ? null : (readStackFile(file) ?? null);
    if (this.stack) this.err(`(using the local stack of ${file}: SQS at ${this.stack.sqsEndpoint})`);
    return this.stack ?? undefined;
  }

  private clientConfig(service: 'sqs' | 'ssm') {
    const stack = service === 'sqs' ? this.localStack() : undefined;
    if (stack) return { endpoint: stack.sqsEndpoint, region: stack.region, credentials: LOCAL_CREDENTIALS };
    const region = this.str('region') ?? this.io.env.AWS_REGION ?? this.io.env.AWS_DEFAULT_REGION;
    const endpoint = this.str('endpoint-url');
    const profile = this.str('profile');
    // AWS_PROFILE and the shared config/credentials files are honoured by the SDK's default chain.
    return { ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}), ...(profile ? { profile } : {}) };
  }

  get sqs(): SQSClient {
    this.sqsClient ??= new SQSClient(this.clientConfig('sqs'));
    return this.sqsClient;
  }

  get ssm(): SSMClient {
    this.ssmClient ??= new SSMClient(this.clientConfig('ssm'));
    return this.ssmClient;
  }

  async queues(need: { queue?: boolean; dlq?: boolean }): Promise<{ queueUrl?: string; dlqUrl?: string }> {
    const stack = this.localStack();
    if (stack) return { ...(need.queue ? { queueUrl: stack.queueUrl } : {}), ...(need.dlq ? { dlqUrl: stack.deadLetterQueueUrl } : {}) };
    const queueUrl = this.str('queue-url');
    const dlqUrl = this.str('dlq-url');
    const stage = this.str('stage');
    return resolveQueueUrls(
      this.sqs,
      { ...(queueUrl ? { queueUrl } : {}), ...(dlqUrl ? { dlqUrl } : {}), ...(stage ? { stage } : {}), env: this.io.env },
      need,
    );
  }

  settingsPrefix(): string {
    // The same precedence as the queues: flag, then --stage, then the environment.
    const flag = this.str('settings-prefix');
    if (flag) return flag;
    const stage = this.str('stage');
    if (stage) return stageSettingsPrefix(stage);
    const env = this.io.env.SETTINGS_PREFIX?.trim();
    if (env) return env;
    throw new UsageError('no settings prefix: pass --settings-prefix (like /pinterest-tag/prod), set SETTINGS_PREFIX, or pass --stage');
  }

  destroy(): void {
    this.sqsClient?.destroy();
    this.ssmClient?.destroy();
  }
}

/** A positive integer flag, or a usage error naming it. */
export function positiveInt(ctx: Context, name: string): number | undefined {
  const raw = ctx.str(name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`--${name} must be a whole number ≥ 1, got "${raw}"`);
  return Number(raw);
}

/** `--rate 50/s` or `--rate 50`: messages per second. */
export function rate(ctx: Context): number | undefined {
  const raw = ctx.str('rate');
  if (raw === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(raw.trim());
  const value = match ? Number(match[1]) : NaN;
  if (!(value > 0)) throw new UsageError(`--rate must be messages per second like 50/s, got "${raw}"`);
  return value;
}

/** Ask a yes/no question on the terminal; anything but y/yes is no. */
export async function confirm(io: CliIo, question: string): Promise<boolean> {
  io.stderr.write(`${question} [y/N] `);
  let answer = '';
  for await (const chunk of io.stdin) {
    answer += String(chunk);
    if (answer.includes('\n')) break;
  }
  return /^\s*y(es)?\s*$/i.test(answer.split('\n')[0] ?? '');
}
