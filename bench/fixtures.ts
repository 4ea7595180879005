import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { sourceSettings, type SourceSettings } from '../lib/settings/schema';
import { createEventGenerator } from '../test/support/generate-events';

/** What every bench shares: the clock, one source's settings, and the seeded event stream. */
export const NOW_MS = Date.parse('2026-11-28T12:00:00Z');
export const SOURCE_ID = 'bench-source';
export const SEED = 20261128;
// Bundled children (worker-rss-child) are told the root: their __dirname is elsewhere.
export const REPO_ROOT = process.env.BENCH_REPO_ROOT ?? join(__dirname, '..');

/** The shipped example settings (unmapped events go out as `partner`, so every event is sent). */
export function settingsDocument(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'settings.example.json'), 'utf8')) as Record<string, unknown>;
}

export function benchSettings(): SourceSettings {
  return sourceSettings(settingsDocument());
}

/** Event JSON texts as they sit in SQS message bodies. */
export function eventTexts(count: number, seed = SEED): string[] {
  // Stringified as generated: the objects die young, so a memory figure holds only the texts.
  const next = createEventGenerator({ seed, nowMs: NOW_MS });
  return Array.from({ length: count }, () => JSON.stringify(next()));
}

export function sqsRecords(texts: readonly string[], sourceId = SOURCE_ID): SQSRecord[] {
  return texts.map((body, i) => ({
    messageId: `m-${i}`,
    receiptHandle: `rh-${i}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(NOW_MS - 1000),
      SenderId: 'AIDA',
      ApproximateFirstReceiveTimestamp: String(NOW_MS - 1000),
    },
    messageAttributes: {
      sourceId: { dataType: 'String', stringValue: sourceId },
      receivedAt: { dataType: 'String', stringValue: new Date(NOW_MS - 1000).toISOString() },
    },
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:main',
    awsRegion: 'us-east-1',
  }));
}

/** SQS calls as the fake client saw them: one entry per API call, with the bytes SQS bills. */
export interface SqsCall {
  command: string;
  entries: number;
  bytes: number;
}

/**
 * A stand-in SQSClient whose `send` answers every entry as successful and records the call. Enough
 * for SendMessageBatch and ChangeMessageVisibilityBatch, the only commands the hot paths use.
 */
export function fakeSqs(): { client: SQSClient; calls: SqsCall[] } {
  const calls: SqsCall[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: { Entries?: { Id?: string; MessageBody?: string; MessageAttributes?: Record<string, { DataType?: string; StringValue?: string }> }[] } }) => {
      const entries = command.input.Entries ?? [];
      let bytes = 0;
      for (const e of entries) {
        bytes += Buffer.byteLength(e.MessageBody ?? '');
        for (const [name, value] of Object.entries(e.MessageAttributes ?? {})) {
          bytes += name.length + (value.DataType?.length ?? 0) + Buffer.byteLength(value.StringValue ?? '');
        }
      }
      calls.push({ command: command.constructor.name, entries: entries.length, bytes });
      return { Successful: entries.map((e) => ({ Id: e.Id, MessageId: `sqs-${e.Id}`, MD5OfMessageBody: '' })), Failed: [] };
    },
  } as unknown as SQSClient;
  return { client, calls };
}
