import { SendMessageBatchCommand, SQSClient, type SendMessageBatchCommandInput } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { createHandler } from '../../functions/ingest';
import { processBatch } from '../../lib/delivery/process-batch';
import { parseJson } from '../../lib/util/parse-json';
import { handleIngest, type IngestDeps } from '../../lib/ingest/handle-ingest';
import type { PinterestSender } from '../../lib/pinterest/client';
import { translate } from '../../lib/pinterest/translate';
import { validateSegmentEvent } from '../../lib/segment/schema';
import { FileSettingsProvider } from '../../lib/settings/file-provider';
import { apiGatewayEvent } from '../support/api-gateway';
import { captureOutput } from '../support/capture-output';
import { NOW } from '../support/delivery-events';
import { sqsRecord } from '../support/sqs-records';

/**
 * Hostile and malformed input, generated: arbitrary bytes and invalid UTF-8, lone surrogates,
 * nesting far deeper than the stack, huge strings, wrong types, numbers as strings, arrays of
 * mixed junk, and `__proto__` / `constructor` / `prototype` keys at every level. Whatever arrives:
 *   - ingest never throws and never answers 5xx for it: 200 with per-event rejections, 400 or 413;
 *   - every message it stores is valid JSON that SQS accepts;
 *   - the worker gives every stored message exactly one outcome, without throwing;
 *   - no shared object (Object.prototype, Array.prototype) is changed.
 */

const SECRET = 'hostile-test-secret-5a7e';
const sqs = mockClient(SQSClient);
let stored: string[] = [];

const settings = new FileSettingsProvider({
  sources: { src: { tagId: '2614759966035', adAccountId: '549755885175', conversionToken: 'pina_HOSTILE_TOKEN', webhookSecret: SECRET } },
});
const deps: IngestDeps = {
  settings,
  sqs: new SQSClient({}),
  queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/main',
  deadLetterQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/dlq',
  limits: { maxBodyBytes: 1_048_576, maxEventBytes: 65_536 },
  send: { wait: async () => undefined },
};
const bearer = { authorization: `Bearer ${SECRET}` };

// --- Hostile JSON, written as text so `__proto__` arrives as a key, exactly as an attacker sends it.
type Node = { obj: [string, Node][] } | { arr: Node[] } | { leaf: unknown };
const toJson = (node: Node): string =>
  'obj' in node
    ? `{${node.obj.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`
    : 'arr' in node
      ? `[${node.arr.map(toJson).join(',')}]`
      : JSON.stringify(node.leaf);

const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'polluted', 'toString', 'hasOwnProperty', 'valueOf');
const fieldKey = fc.constantFrom('type', 'messageId', 'timestamp', 'event', 'userId', 'anonymousId', 'properties', 'context', 'traits', 'integrations', 'email', 'name', 'batch');
const junkLeaf = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('12', ' 25.5 ', '1e400', '-0', 'NaN', 'null', 'true', '2026-11-28T10:00:00Z', 'track', 'page', 'Pinterest Tag', ''),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(1e308),
);
const { tree } = fc.letrec<{ tree: Node }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    junkLeaf.map((leaf): Node => ({ leaf })),
    fc.array(fc.tuple(fc.oneof(hostileKey, fieldKey, fc.string({ maxLength: 8 })), tie('tree')), { maxLength: 6 }).map((obj): Node => ({ obj })),
    fc.array(tie('tree'), { maxLength: 5 }).map((arr): Node => ({ arr })),
  ),
}));

/** Something shaped like a Segment event with every field possibly of the wrong type, and prototype keys mixed in. */
const eventish = fc
  .record({
    type: fc.oneof(fc.constantFrom('track', 'page', 'screen', 'identify', 'TRACK', 'alias'), tree),
    messageId: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }), fc.integer().map(String), tree),
    timestamp: fc.oneof(fc.constantFrom('2026-11-28T10:00:00.000Z', '2026-11-20T10:00:00Z', '1795867200', 'yesterday'), fc.integer(), tree),
    event: fc.oneof(fc.constantFrom('Order Completed', 'Product Added', ' '), tree),
    userId: fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), tree),
    context: tree,
    properties: tree,
    extra: fc.array(fc.tuple(hostileKey, tree), { maxLength: 3 }),
  })
  .map(({ extra, ...fields }): Node => ({
    obj: [...Object.entries(fields).map(([k, v]): [string, Node] => [k, typeof v === 'object' && v !== null && ('obj' in v || 'arr' in v || 'leaf' in v) ? (v as Node) : { leaf: v }]), ...extra],
  }));

const deepText = fc.record({ depth: fc.integer({ min: 1_000, max: 200_000 }), open: fc.constantFrom('[', '{"a":', '{"__proto__":'), closed: fc.boolean() }).map(({ depth, open, closed }) => {
  const close = open === '[' ? ']' : '}';
  return open.repeat(depth) + '1' + (closed ? close.repeat(depth) : '');
});
const deepEvent = fc.integer({ min: 100, max: 20_000 }).map(
  (depth) => `{"type":"track","event":"Order Completed","messageId":"deep-${depth}","timestamp":"2026-11-28T11:00:00Z","userId":"u","context":{"ip":"203.0.113.1","userAgent":"x"},"properties":${'{"__proto__":'.repeat(depth)}1${'}'.repeat(depth)}}`,
);
const hugeString = fc.integer({ min: 60_000, max: 300_000 }).map((n) => `{"type":"track","event":"x","messageId":"huge","timestamp":"2026-11-28T11:00:00Z","userId":"u","properties":{"blob":"${'\u00e9'.repeat(n)}"}}`);

/** A request body and whether API Gateway flagged it base64. */
const body = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }).map((text) => ({ text, base64: false })),
  fc.uint8Array({ maxLength: 400 }).map((bytes) => ({ text: Buffer.from(bytes).toString('base64'), base64: true })),
  tree.map((node) => ({ text: toJson(node), base64: false })),
  eventish.map((node) => ({ text: toJson(node), base64: false })),
  fc.array(fc.oneof(eventish, tree), { minLength: 1, maxLength: 12 }).map((nodes) => ({ text: `[${nodes.map(toJson).join(',')}]`, base64: false })),
  fc.array(eventish, { minLength: 1, maxLength: 12 }).map((nodes) => ({ text: `{"batch":[${nodes.map(toJson).join(',')}],"__proto__":{"polluted":1}}`, base64: false })),
  deepText.map((text) => ({ text, base64: false })),
  deepEvent.map((text) => ({ text, base64: false })),
  hugeString.map((text) => ({ text, base64: false })),
  // Invalid UTF-8 inside an otherwise valid event: lone continuation bytes and a truncated sequence.
  eventish.map((node) => ({ text: Buffer.concat([Buffer.from(toJson(node).slice(0, -1)), Buffer.from(',"x":"\xff\xfe\xc3"}', 'latin1')]).toString('base64'), base64: true })),
);

const SQS_UNSAFE = /[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const sharedShape = () => ({
  object: Object.getOwnPropertyNames(Object.prototype).sort().join(),
  array: Object.getOwnPropertyNames(Array.prototype).sort().join(),
  polluted: ({} as Record<string, unknown>).polluted,
  objectProto: Object.getPrototypeOf({}) === Object.prototype,
});
const pristine = sharedShape();

const echoSender: PinterestSender = {
  send: async (request) => ({
    kind: 'http',
    status: 200,
    events: request.events.map(() => ({ status: 'processed' })),
    numEventsReceived: request.events.length,
    numEventsProcessed: request.events.length,
    latencyMs: 1,
  }),
};

beforeEach(() => {
  sqs.reset();
  stored = [];
  sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => {
    for (const entry of input.Entries ?? []) {
      if (input.QueueUrl === deps.queueUrl) stored.push(entry.MessageBody ?? '');
      // SQS itself refuses such characters; a body with one would fail forever.
      if (SQS_UNSAFE.test(entry.MessageBody ?? '')) throw new Error('SQS would refuse this body');
    }
    return { Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id })) };
  });
});

describe('the parser and the validator on hostile input', () => {
  it('parseJson never throws; it agrees with JSON.parse and locates every error inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), tree.map(toJson), deepText), (text) => {
        const result = parseJson(text);
        let expected: unknown;
        let valid = true;
        try {
          expected = JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(result.ok).toBe(valid);
        // (jest's deep equality recurses; the deep documents are compared by their verdict only)
        if (result.ok) {
          if (text.length < 5_000) expect(result.value).toEqual(expected);
        } else {
          expect(result.position).toBeGreaterThanOrEqual(0);
          expect(result.position).toBeLessThanOrEqual(text.length);
          expect(result.message).toMatch(/^invalid JSON at position \d+ \(line \d+, column \d+\): expected .+, found .+$/);
        }
        expect(sharedShape()).toEqual(pristine);
      }),
      { numRuns: 250 },
    );
  });

  it('validateSegmentEvent never throws, answers a field and a fixed message, and never echoes a value', () => {
    const messages = new Set<string>();
    fc.assert(
      fc.property(fc.oneof(eventish, tree), (node) => {
        const value = JSON.parse(toJson(node)) as unknown;
        const result = validateSegmentEvent(value);
        if (!result.ok) {
          expect(['(event)', 'type', 'messageId', 'timestamp', 'event', 'userId']).toContain(result.field);
          messages.add(result.message);
        }
        expect(sharedShape()).toEqual(pristine);
      }),
      { numRuns: 1500 },
    );
    // Messages name fields; they never vary with (and so never contain) the input.
    expect(messages.size).toBeLessThanOrEqual(6);
  });
});

describe('ingest and worker on hostile bodies', () => {
  it('ingest answers 200 (per-event rejections), 400 or 413 and never throws; the worker gives every stored message one outcome', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, async ({ text, base64 }) => {
        stored = [];
        const outcome = await handleIngest({ sourceId: 'src', headers: bearer, body: text, isBase64Encoded: base64, receivedAt: new Date(NOW) }, deps);
        statuses.set(outcome.statusCode, (statuses.get(outcome.statusCode) ?? 0) + 1);
        expect([200, 400, 413]).toContain(outcome.statusCode);
        if (outcome.statusCode !== 200) expect(typeof (outcome.body as { message?: unknown }).message).toBe('string');
        if ('rejected' in outcome.body && outcome.body.rejected) {
          for (const r of outcome.body.rejected) expect(r).toEqual({ index: expect.any(Number), messageId: r.messageId === null ? null : expect.any(String), reason: 'invalid_event', message: expect.any(String) });
        }
        for (const message of stored) expect(parseJson(message).ok).toBe(true);

        // Whatever ingest stored, the worker settles, one outcome per message.
        const records = stored.map((b, i) => sqsRecord(`m${i}`, b, { sourceId: 'src' }));
        const report = await processBatch(records, {
          settings,
          sender: echoSender,
          translate,
          sqs: deps.sqs,
          queueUrl: deps.queueUrl,
          deadLetterQueueUrl: deps.deadLetterQueueUrl,
          maxReceiveCount: 5,
          retryBaseSeconds: 30,
          concurrency: 2,
          requestTimeoutMs: 1000,
          now: () => NOW,
          sendWait: async () => undefined,
        });
        expect(report.records.map((r) => r.messageId)).toEqual(records.map((r) => r.messageId));
        for (const r of report.records) expect(['delivered', 'skipped', 'deadLetter']).toContain(r.outcome.kind);
        expect(sharedShape()).toEqual(pristine);
      }),
      { numRuns: 250 },
    );
    // The generator really reached every answer.
    expect([...statuses.keys()].sort()).toEqual([200, 400, 413]);
  });

  it('the Lambda handler never answers 5xx to a hostile body and never logs the secret', async () => {
    const handler = createHandler(deps);
    const output = await captureOutput(async () => {
      await fc.assert(
        fc.asyncProperty(body, async ({ text, base64 }) => {
          const response = await handler(apiGatewayEvent('src', text, bearer, { isBase64Encoded: base64 }));
          expect(response.statusCode).toBeLessThan(500);
          expect(() => JSON.parse(response.body as string) as unknown).not.toThrow();
        }),
        { numRuns: 120 },
      );
    });
    expect(output).toContain('"statusCode"');
    expect(output).not.toContain(SECRET);
  });
});
