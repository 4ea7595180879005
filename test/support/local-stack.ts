import { ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { signPayload } from '../../lib/auth/signature';
import type { LoggerLike } from '../../lib/delivery/process-batch';

/** Helpers for end-to-end tests of the local stack (test/e2e). */

export const silentLogger: LoggerLike = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Poll until `check` returns a value other than undefined/false. It fails with `what` when nothing
 * happened for `timeoutMs`: with `progress` (a count that grows as work gets done) the clock
 * restarts whenever the count changes, so a slow, contended machine that is still making progress
 * never fails the wait; only a stall does.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: number | { timeoutMs?: number; progress?: () => number } = {},
): Promise<T> {
  const { timeoutMs = 15_000, progress } = typeof options === 'number' ? { timeoutMs: options } : options;
  let deadline = Date.now() + timeoutMs;
  let last = progress?.();
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    const now = progress?.();
    if (now !== last) {
      last = now;
      deadline = Date.now() + timeoutMs;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${progress ? ` (no progress for ${timeoutMs} ms, stuck at ${String(last)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A Segment track event stamped now (the worker drops events older than 7 days). */
export function freshTrack(messageId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'track',
    event: 'Order Completed',
    messageId,
    timestamp: new Date().toISOString(),
    anonymousId: 'anon-e2e',
    userId: 'user-e2e',
    properties: { order_id: `order-${messageId}`, revenue: 25.5, currency: 'usd', products: [{ product_id: 'SKU-1', price: 25.5, quantity: 1 }] },
    context: {
      ip: '203.0.113.9',
      userAgent: 'Mozilla/5.0 (e2e)',
      page: { url: 'https://shop.example.com/thanks' },
      traits: { email: ' Jane.Doe@Example.com ', phone: '+1 (415) 555-0100' },
    },
    ...extra,
  };
}

/** POST a body signed as Segment signs it (X-Signature over the exact bytes). */
export async function postSigned(url: string, body: unknown, secret: string): Promise<{ status: number; body: unknown }> {
  const payload = JSON.stringify(body);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': signPayload(secret, payload) },
    body: payload,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** Every message currently visible in a queue, hidden for `hideSeconds` so one sweep sees each once. */
export async function receiveAll(sqs: SQSClient, queueUrl: string, hideSeconds = 60): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: hideSeconds, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }),
    );
    if (Messages.length === 0) return all;
    all.push(...Messages);
  }
}
