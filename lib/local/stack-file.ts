import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * `.local/stack.json`: where a running `npm start` says what it listens on, so tools find it
 * without flags (`npx pinterest-tag dlq stats|peek|replay`, the local console). Written once the
 * stack is ready, removed when it stops; a file left by a stack that was killed is recognised by
 * its `pid` no longer running and ignored.
 *
 * Shape (version 1; fields are only ever added):
 *   {
 *     "version": 1, "pid": 12345, "startedAt": "2026-12-01T23:00:00.000Z",
 *     "ingestUrl": "http://127.0.0.1:3000",
 *     "sqsEndpoint": "http://127.0.0.1:9324", "region": "us-east-1",
 *     "queueUrl": "http://sqs.us-east-1.localhost:9324/000000000000/pinterest-tag-local-events",
 *     "deadLetterQueueUrl": "http://sqs.us-east-1.localhost:9324/000000000000/pinterest-tag-local-dead-letter",
 *     "pinterestApiUrl": "http://127.0.0.1:41234",
 *     "settingsFile": "/abs/path/config/local-sources.json",
 *     "ports": { "ingest": 3000, "sqs": 9324, "sandbox": 41234 }
 *   }
 * The SQS endpoint takes any credentials (the CLI uses local/local).
 */
export const STACK_FILE_VERSION = 1;

export interface StackFile {
  version: number;
  pid: number;
  startedAt: string;
  ingestUrl: string;
  sqsEndpoint: string;
  region: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  pinterestApiUrl: string;
  settingsFile: string;
  ports: { ingest: number; sqs?: number; sandbox?: number };
}

/** `.local/stack.json` of the clone this code lives in (not of the current directory). */
export const DEFAULT_STACK_FILE = join(__dirname, '..', '..', '.local', 'stack.json');

const portOf = (url: string): number | undefined => {
  try {
    const port = new URL(url).port;
    return port === '' ? undefined : Number(port);
  } catch {
    return undefined;
  }
};

/** What a started stack knows about itself (LocalStack plus its settings file). */
export type StackDescription = Pick<StackFile, 'sqsEndpoint' | 'region' | 'queueUrl' | 'deadLetterQueueUrl' | 'pinterestApiUrl' | 'settingsFile'> & { url: string };

export function describeStack(stack: StackDescription, pid = process.pid, now = new Date()): StackFile {
  const sqs = portOf(stack.sqsEndpoint);
  const sandbox = portOf(stack.pinterestApiUrl);
  return {
    version: STACK_FILE_VERSION,
    pid,
    startedAt: now.toISOString(),
    ingestUrl: stack.url,
    sqsEndpoint: stack.sqsEndpoint,
    region: stack.region,
    queueUrl: stack.queueUrl,
    deadLetterQueueUrl: stack.deadLetterQueueUrl,
    pinterestApiUrl: stack.pinterestApiUrl,
    settingsFile: stack.settingsFile,
    ports: { ingest: portOf(stack.url) ?? 0, ...(sqs !== undefined ? { sqs } : {}), ...(sandbox !== undefined ? { sandbox } : {}) },
  };
}

/** Written to a temporary name and renamed, so a reader never sees half a file. */
export function writeStackFile(info: StackFile, file = DEFAULT_STACK_FILE): void {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(info, null, 2)}\n`);
  renameSync(partial, file);
}

/** Removes the file if this process wrote it (another stack may have started since). */
export function removeStackFile(pid = process.pid, file = DEFAULT_STACK_FILE): void {
  const current = readStackFileRaw(file);
  if (current && current.pid === pid) rmSync(file, { force: true });
}

function readStackFileRaw(file: string): StackFile | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const v = value as Partial<StackFile> | null;
  if (!v || typeof v !== 'object' || typeof v.pid !== 'number' || typeof v.sqsEndpoint !== 'string' || typeof v.deadLetterQueueUrl !== 'string' || typeof v.queueUrl !== 'string') {
    return undefined;
  }
  return v as StackFile;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running local stack, or undefined when there is none (no file, unreadable, or its process is gone). */
export function readStackFile(file = DEFAULT_STACK_FILE, running: (pid: number) => boolean = isRunning): StackFile | undefined {
  const info = readStackFileRaw(file);
  return info && running(info.pid) ? info : undefined;
}
