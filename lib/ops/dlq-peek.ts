import { summarizeEvent, type DlqMessage, type EventSummary } from './dlq-message';
import { scanDlq, type ScanOptions, type StopReason } from './dlq-scan';

/**
 * A look at dead-letter messages: why each failed and what event it was, without PII (see
 * summarizeEvent). Everything read is made visible again before this returns.
 */
export interface PeekedMessage {
  messageId: string;
  sourceId?: string;
  reason: string;
  detail?: string;
  attempts?: number;
  replays: number;
  firstReceivedAt?: string;
  /** When the message entered the dead-letter queue (ISO). */
  deadLetteredAt?: string;
  receiveCount?: number;
  event: EventSummary;
}

export interface PeekResult {
  messages: PeekedMessage[];
  scanned: number;
  stoppedBy: StopReason;
  releaseFailed: number;
}

export const DEFAULT_PEEK_LIMIT = 10;

export function toPeeked(message: DlqMessage): PeekedMessage {
  return {
    messageId: message.messageId,
    ...(message.sourceId ? { sourceId: message.sourceId } : {}),
    reason: message.reason,
    ...(message.detail !== undefined ? { detail: message.detail } : {}),
    ...(message.attempts !== undefined ? { attempts: message.attempts } : {}),
    replays: message.replays,
    ...(message.firstReceivedAt ? { firstReceivedAt: message.firstReceivedAt } : {}),
    ...(message.sentTimestamp !== undefined ? { deadLetteredAt: new Date(message.sentTimestamp).toISOString() } : {}),
    ...(message.receiveCount !== undefined ? { receiveCount: message.receiveCount } : {}),
    event: summarizeEvent(message.body),
  };
}

export async function dlqPeek(options: ScanOptions): Promise<PeekResult> {
  const messages: PeekedMessage[] = [];
  const scan = await scanDlq({ ...options, limit: options.limit ?? DEFAULT_PEEK_LIMIT }, async (batch) => {
    messages.push(...batch.map(toPeeked));
    return batch;
  });
  return { messages, scanned: scan.scanned, stoppedBy: scan.stoppedBy, releaseFailed: scan.releaseFailed.length };
}
