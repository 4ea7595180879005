import type { BodyShape } from '../http/body-shape';
import { eventTooLarge } from '../http/body-size';
import { sqsSafeJson } from '../queue/sqs-safe-json';
import { validateSegmentEvent } from '../segment/schema';
import { isObject } from '../segment/types';

/**
 * Sort the events of one request: deliverable (to the main queue), ignored (valid, but no
 * Pinterest event: counted only) and rejected (to the dead-letter queue as `invalid_event`).
 * Each stored body is the original event JSON: the raw text for a single-event body, the
 * re-serialised element for an array or `{batch}` body.
 */
export interface Deliverable {
  index: number;
  body: string;
}

export interface Rejection {
  index: number;
  messageId: string | null;
  message: string;
  /** The event JSON for the dead-letter queue; undefined when it cannot be serialised. */
  body: string | undefined;
  tooLarge: boolean;
}

export interface Triage {
  deliverable: Deliverable[];
  ignored: number;
  rejected: Rejection[];
}

/** Echoed in responses and logs; a hostile messageId must not bloat either. */
const MESSAGE_ID_MAX_CHARS = 200;

export function messageIdOf(event: unknown): string | null {
  if (!isObject(event) || typeof event.messageId !== 'string') return null;
  return event.messageId.length <= MESSAGE_ID_MAX_CHARS ? event.messageId : `${event.messageId.slice(0, MESSAGE_ID_MAX_CHARS)}…`;
}

function serialise(event: unknown): string | undefined {
  try {
    const text = JSON.stringify(event);
    return typeof text === 'string' ? sqsSafeJson(text) : undefined;
  } catch {
    // Nesting deeper than the stack: such an event cannot be stored anywhere.
    return undefined;
  }
}

export function triageEvents(shape: BodyShape, rawText: string, maxEventBytes: number): Triage {
  const triage: Triage = { deliverable: [], ignored: 0, rejected: [] };
  shape.events.forEach((event, index) => {
    const body = shape.kind === 'single' ? sqsSafeJson(rawText.trim()) : serialise(event);
    const reject = (message: string, tooLarge = false) =>
      triage.rejected.push({ index, messageId: messageIdOf(event), message, body, tooLarge });
    if (body === undefined) return reject('event nests too deeply to be serialised');
    const bytes = Buffer.byteLength(body, 'utf8');
    if (bytes > maxEventBytes) return reject(eventTooLarge(bytes, maxEventBytes), true);
    const result = validateSegmentEvent(event);
    if (!result.ok) return reject(result.message);
    if (result.ignored) triage.ignored++;
    else triage.deliverable.push({ index, body });
  });
  return triage;
}
