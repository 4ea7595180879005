import type { IngestOutcome } from './handle-ingest';

/**
 * The one log line of an ingest request: status, counts, auth method, why it failed. The source id
 * only once the source is known to exist (an id a caller made up, an email address even, is not
 * logged), and nothing the sender chose: no messageIds, no header or body values. A rejected
 * event is named by its index in the request; the sender got its messageId in the response.
 */
const MAX_LOGGED_REJECTIONS = 20;

export function logLineOf(outcome: IngestOutcome): Record<string, unknown> {
  const rejected = 'rejected' in outcome.body && outcome.body.rejected ? outcome.body.rejected : [];
  return {
    ...(outcome.sourceId !== undefined ? { sourceId: outcome.sourceId } : {}),
    statusCode: outcome.statusCode,
    ...outcome.stats,
    ...(outcome.error ? { error: outcome.error } : {}),
    ...(rejected.length > 0
      ? { rejectedEvents: rejected.slice(0, MAX_LOGGED_REJECTIONS).map(({ index, reason, message }) => ({ index, reason, message })) }
      : {}),
  };
}
