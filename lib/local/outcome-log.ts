import type { SQSEvent } from 'aws-lambda';
import type { BatchReport, LoggerLike } from '../delivery/process-batch';
import { isObject } from '../segment/types';

/**
 * The local stack's answer to "why?": one log line per dead-lettered or retried event, next to
 * the event it is about (its type and name, never its properties, traits or ids), with the reason
 * and detail the worker recorded (the same text `dlq peek` shows). The deployed worker logs counts
 * per batch instead; locally there are few events and the cause is what a developer needs.
 */
const NAME_MAX = 80;

/** "track \"Order Completed\"", "page \"Pricing\"", "identify": what the event is, without personal data. */
export function eventLabel(body: string | undefined): string {
  let event: unknown;
  try {
    event = body === undefined ? undefined : JSON.parse(body);
  } catch {
    return '(not JSON)';
  }
  if (!isObject(event)) return '(not an event)';
  const type = typeof event.type === 'string' ? event.type.slice(0, 20) : '?';
  const raw = type === 'track' ? event.event : type === 'page' || type === 'screen' ? event.name : undefined;
  const name = typeof raw === 'string' && raw !== '' ? ` "${raw.slice(0, NAME_MAX)}"` : '';
  return `${type}${name}`;
}

export interface OutcomeLog {
  /** Called with each batch before the worker runs: remembers what each record is. */
  remember(event: SQSEvent): void;
  /** The worker's report: one line per dead letter and retry. */
  onReport(report: BatchReport): void;
}

export function createOutcomeLog(logger: LoggerLike): OutcomeLog {
  const labels = new Map<string, string>();
  return {
    remember(event) {
      for (const record of event.Records) labels.set(record.messageId, eventLabel(record.body));
    },
    onReport(report) {
      for (const record of report.records) {
        const event = labels.get(record.messageId) ?? '?';
        labels.delete(record.messageId);
        const { outcome } = record;
        const where = { sourceId: record.sourceId, event, messageId: record.messageId };
        if (outcome.kind === 'deadLetter') {
          logger.warn('event dead-lettered', { ...where, reason: outcome.reason, detail: outcome.detail });
        } else if (outcome.kind === 'retry') {
          logger.warn('event will be retried', {
            ...where,
            cause: outcome.cause,
            ...(record.retryDelaySeconds !== undefined ? { retryInSeconds: record.retryDelaySeconds } : {}),
            detail: outcome.detail,
          });
        }
      }
    },
  };
}
