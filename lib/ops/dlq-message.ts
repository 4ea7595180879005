import { createHmac, randomBytes } from 'node:crypto';
import type { Message } from '@aws-sdk/client-sqs';
import { ATTR, readAttribute, type Attributes } from '../queue/attributes';
import { isReason } from '../reasons';
import { isObject } from '../segment/types';

/**
 * A dead-letter message as the operator tools see it: the SQS handles, the original body and the
 * attributes the worker attached (see lib/queue/attributes.ts). Messages SQS redrove by itself
 * (maxReceiveCount) carry no `reason`; they are reported and filtered as reason `none`.
 */
export const NO_REASON = 'none';

export interface DlqMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Attributes;
  sourceId?: string;
  /** A reason code, or `none` when the message has no reason attribute. */
  reason: string;
  detail?: string;
  attempts?: number;
  replays: number;
  /** When ingest first received the event (ISO). */
  firstReceivedAt?: string;
  /** When the message entered the dead-letter queue (ms since epoch), from SQS. */
  sentTimestamp?: number;
  /** How often the dead-letter message has been received (operator scans included). */
  receiveCount?: number;
}

export interface DlqFilter {
  source?: string;
  /** A reason code or `none`. */
  reason?: string;
}

function toNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

export function toDlqMessage(message: Message): DlqMessage | undefined {
  if (!message.MessageId || !message.ReceiptHandle) return undefined;
  const attributes = (message.MessageAttributes ?? {}) as Attributes;
  const sourceId = readAttribute(attributes, ATTR.sourceId);
  const detail = readAttribute(attributes, ATTR.detail);
  const attempts = toNumber(readAttribute(attributes, ATTR.attempts));
  // A message redriven by SQS itself still carries the main-queue `receivedAt`.
  const firstReceivedAt = readAttribute(attributes, ATTR.firstReceivedAt) ?? readAttribute(attributes, ATTR.receivedAt);
  const sentTimestamp = toNumber(message.Attributes?.SentTimestamp);
  const receiveCount = toNumber(message.Attributes?.ApproximateReceiveCount);
  return {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body ?? '',
    attributes,
    reason: readAttribute(attributes, ATTR.reason) || NO_REASON,
    replays: toNumber(readAttribute(attributes, ATTR.replays)) ?? 0,
    ...(sourceId ? { sourceId } : {}),
    ...(detail !== undefined ? { detail } : {}),
    ...(attempts !== undefined ? { attempts } : {}),
    ...(firstReceivedAt ? { firstReceivedAt } : {}),
    ...(sentTimestamp !== undefined ? { sentTimestamp } : {}),
    ...(receiveCount !== undefined ? { receiveCount } : {}),
  };
}

export function matchesFilter(message: DlqMessage, filter: DlqFilter | undefined): boolean {
  if (!filter) return true;
  if (filter.source !== undefined && message.sourceId !== filter.source) return false;
  if (filter.reason !== undefined && message.reason !== filter.reason) return false;
  return true;
}

/** A usage error in a filter, or undefined when it is fine. */
export function filterProblem(filter: DlqFilter): string | undefined {
  if (filter.reason !== undefined && filter.reason !== NO_REASON && !isReason(filter.reason)) {
    return `unknown reason "${filter.reason}"`;
  }
  if (filter.source !== undefined && filter.source.trim() === '') return 'source must not be empty';
  return undefined;
}

/**
 * Keyed, so a listing cannot be reversed by hashing guessed emails or phone numbers (an unkeyed
 * SHA-256 of a user id can). The key is random per process unless the operator sets
 * PINTEREST_TAG_FINGERPRINT_KEY (16+ characters, e.g. from a secrets manager) to compare
 * fingerprints across runs; it is never printed, and without it fingerprints match within one run only.
 */
export const FINGERPRINT_KEY_ENV = 'PINTEREST_TAG_FINGERPRINT_KEY';
let processKey: Buffer | undefined;

export function fingerprintKey(env: Record<string, string | undefined> = process.env): Buffer {
  const configured = env[FINGERPRINT_KEY_ENV];
  if (configured !== undefined && configured.length >= 16) return Buffer.from(configured, 'utf8');
  processKey ??= randomBytes(32);
  return processKey;
}

/** Short and one-way: enough to tell two users apart in a listing, useless to recover the id without the key. */
export function fingerprint(value: string, key: Buffer = fingerprintKey()): string {
  return `hmac:${createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, 12)}`;
}

/**
 * What a person may see of the original event: its type, name, ids and time. Never values of
 * traits, properties or context (PII lives there); property keys only, user ids fingerprinted.
 */
export interface EventSummary {
  type?: string;
  name?: string;
  messageId?: string;
  timestamp?: string;
  userId?: string;
  anonymousId?: string;
  propertyKeys?: string[];
  /** Set when the body is not a JSON object. */
  unreadable?: string;
}

const idString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

const plainString = (value: unknown, max = 200): string | undefined =>
  typeof value === 'string' ? (value.length > max ? `${value.slice(0, max - 1)}…` : value) : undefined;

export function summarizeEvent(body: string): EventSummary {
  let event: unknown;
  try {
    event = JSON.parse(body);
  } catch {
    return { unreadable: `not JSON (${Buffer.byteLength(body, 'utf8')} bytes)` };
  }
  if (!isObject(event)) return { unreadable: 'not a JSON object' };
  const userId = idString(event.userId);
  const anonymousId = idString(event.anonymousId);
  const type = plainString(event.type, 40);
  const name = plainString(event.event) ?? plainString(event.name);
  const messageId = plainString(event.messageId);
  const timestamp = plainString(event.timestamp, 40) ?? plainString(event.originalTimestamp, 40);
  return {
    ...(type ? { type } : {}),
    ...(name ? { name } : {}),
    ...(messageId ? { messageId } : {}),
    ...(timestamp ? { timestamp } : {}),
    ...(userId ? { userId: fingerprint(userId) } : {}),
    ...(anonymousId ? { anonymousId: fingerprint(anonymousId) } : {}),
    ...(isObject(event.properties) ? { propertyKeys: Object.keys(event.properties).slice(0, 50) } : {}),
  };
}
