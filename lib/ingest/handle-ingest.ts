import type { SQSClient } from '@aws-sdk/client-sqs';
import { authenticate } from '../auth/authenticate';
import { UNKNOWN_SOURCE_SECRET } from '../auth/constant-time';
import { DEFAULT_AUTH_METHODS, type AuthenticatedBy } from '../auth/methods';
import { presentedWriteKey, sourceIdOfWriteKey, writeKeyMatches } from '../auth/write-key';
import { classifyBody } from '../http/body-shape';
import { ATTRIBUTE_ROOM_BYTES, checkBodySize, type BodyLimits } from '../http/body-size';
import { decodeBody } from '../http/decode-body';
import { lowerCaseHeaders, type HeaderMap } from '../http/headers';
import { classifyTrackingBody, type TrackingCall, type TrackingShapeResult } from '../http/tracking-api';
import { parseJson } from '../util/parse-json';
import { deadLetterAttributes, mainQueueAttributes } from '../queue/attributes';
import { DEFAULT_MAX_BATCH_BYTES, sendMessages, type QueueEntry, type SendOptions, type SendResult } from '../queue/send-batch';
import { SOURCE_ID_PATTERN, type IngestCredentials, type SettingsProvider } from '../settings/provider';
import { createLimiter } from '../util/concurrency';
import { startDeadline, type Deadline } from '../util/deadline';
import { DEFAULT_INGEST_BUDGET, type IngestBudget } from './config';
import { messageIdOf, triageEvents, type Rejection } from './triage';

/**
 * One delivery, start to finish: size limits, authentication, parsing, validation, enqueueing.
 * Two doors lead here: the webhook path (`/v1/sources/{sourceId}/events`, the source's webhook
 * secret) and Segment's tracking API paths (`/v1/batch`, `/v1/track`, …, the source's write key,
 * which names the source); after authentication both take the same steps. Returns the HTTP status and body plus the counts the handler logs and
 * publishes; knows nothing of Lambda. The contract with Segment:
 *   - 2xx only when every deliverable event is in the main queue and every rejected one in the
 *     dead-letter queue (503 otherwise, so Segment retries; Pinterest deduplicates on event_id);
 *   - a permanently bad event never makes Segment retry the good ones (it is dead-lettered and
 *     listed in `rejected`), and a permanently bad request gets a 4xx Segment will not retry.
 */
export interface IngestDeps {
  settings: Pick<SettingsProvider, 'getIngestCredentials'>;
  sqs: SQSClient;
  queueUrl: string;
  deadLetterQueueUrl: string;
  limits: BodyLimits;
  /** Retry tuning for SendMessageBatch (tests pass a no-op `wait`). */
  send?: Omit<SendOptions, 'client' | 'queueUrl' | 'deadline' | 'limiter'>;
  /** One deadline for the request's AWS calls, the SQS calls in flight at once. */
  budget?: IngestBudget;
  now?: () => Date;
}

export interface IngestRequest {
  /** The webhook door: `{sourceId}` of `/v1/sources/{sourceId}/events`. */
  sourceId?: string | undefined;
  /** The tracking API door: the `/v1/<call>` posted to (the write key names the source). */
  trackingCall?: TrackingCall;
  headers: HeaderMap | null | undefined;
  body: string | null | undefined;
  isBase64Encoded?: boolean;
  /** When API Gateway received the request; defaults to now. */
  receivedAt?: Date;
}

export interface RejectedEvent {
  index: number;
  messageId: string | null;
  reason: 'invalid_event';
  message: string;
}

export interface AcceptedBody {
  accepted: number;
  ignored: number;
  rejected: RejectedEvent[];
}

export type IngestStatus = 200 | 400 | 401 | 404 | 413 | 503;

export interface IngestStats {
  /** Events in the body (0 when the body was refused before parsing). */
  received: number;
  accepted: number;
  ignored: number;
  rejected: number;
  /** Entries SQS had to be asked again for. */
  enqueueRetries: number;
  /** Entries (main or dead-letter) not in a queue after retries. */
  enqueueFailures: number;
  /** Rejected events that could not be kept in the dead-letter queue at all (too large to store). */
  unstorable: number;
  authMethod?: AuthenticatedBy;
}

/** An event a 503 says is not stored (index into the request's events). */
export interface UnstoredEvent {
  index: number;
  messageId: string | null;
}

export interface IngestOutcome {
  statusCode: IngestStatus;
  body: AcceptedBody | ({ message: string; unstored?: UnstoredEvent[] } & Partial<AcceptedBody>);
  headers?: Record<string, string>;
  stats: IngestStats;
  /** The source, once it is known to exist (never an id only a caller asserted). */
  sourceId?: string;
  /** Why the request failed, for the log line (never holds a secret, a credential or event data). */
  error?: string;
}

/** The same answer for an unknown source, missing credentials and wrong credentials. */
export const UNAUTHORIZED_MESSAGE = 'missing or invalid credentials';

function emptyStats(): IngestStats {
  return { received: 0, accepted: 0, ignored: 0, rejected: 0, enqueueRetries: 0, enqueueFailures: 0, unstorable: 0 };
}

const refuse = (statusCode: IngestStatus, message: string, stats = emptyStats(), error?: string): IngestOutcome => ({
  statusCode,
  body: { message },
  stats,
  ...(statusCode === 401 ? { headers: { 'www-authenticate': 'Bearer' } } : {}),
  ...(error ? { error } : {}),
});

const publicRejection = (r: Rejection, suffix = ''): RejectedEvent => ({
  index: r.index,
  messageId: r.messageId,
  reason: 'invalid_event',
  message: r.message + suffix,
});

/** Who a request says it comes from, before any lookup: the id it names and the proof it presents. */
type Claim =
  | { door: 'webhook'; sourceId: string }
  | { door: 'tracking'; call: TrackingCall; sourceId: string | undefined; writeKey: string | undefined };

function claimOf(request: IngestRequest, headers: ReadonlyMap<string, string>): Claim | undefined {
  if (request.trackingCall) {
    const writeKey = presentedWriteKey(headers);
    return { door: 'tracking', call: request.trackingCall, writeKey, sourceId: writeKey === undefined ? undefined : sourceIdOfWriteKey(writeKey) };
  }
  const { sourceId } = request;
  // Ids outside the pattern cannot name a source: a routing miss, and they never reach SSM or logs.
  return sourceId && SOURCE_ID_PATTERN.test(sourceId) ? { door: 'webhook', sourceId } : undefined;
}

const unauthorized = (claim: Claim, error: string): IngestOutcome => ({
  ...refuse(401, UNAUTHORIZED_MESSAGE, emptyStats(), error),
  // Segment's clients and HTTP API use Basic with the write key.
  ...(claim.door === 'tracking' ? { headers: { 'www-authenticate': 'Basic realm="segment"' } } : {}),
});

/**
 * The same work for every request whatever the source: an unknown source is checked against a
 * random secret with the default methods, so neither the answer nor the work tells it apart from a
 * wrong credential for a source that exists.
 */
function authenticateClaim(
  claim: Claim,
  credentials: IngestCredentials | undefined,
  headers: ReadonlyMap<string, string>,
  body: { text: string; bytes: Buffer | string },
  deps: IngestDeps,
): AuthenticatedBy | undefined {
  if (claim.door === 'tracking') {
    return writeKeyMatches(claim.writeKey, credentials?.writeKey ?? UNKNOWN_SOURCE_SECRET) ? 'write-key' : undefined;
  }
  const result = authenticate({
    secret: credentials?.webhookSecret ?? UNKNOWN_SOURCE_SECRET,
    methods: credentials?.webhookSecret ? credentials.auth : DEFAULT_AUTH_METHODS,
    headers,
    rawBody: body.bytes,
    text: body.text,
    maxSignedElementChars: deps.limits.maxEventBytes,
  });
  return result.ok ? result.method : undefined;
}

/**
 * The credentials lookup and every SQS call share one deadline (`budget.deadlineMs`, default 4 s
 * of Segment's 5 s): when it passes, calls are aborted, none is started, and the 503 names the
 * events not known to be stored. Nothing is left in flight once the answer is given.
 */
export async function handleIngest(request: IngestRequest, deps: IngestDeps): Promise<IngestOutcome> {
  const deadline = startDeadline((deps.budget ?? DEFAULT_INGEST_BUDGET).deadlineMs);
  try {
    return await handleWithin(request, deps, deadline);
  } finally {
    deadline.dispose();
  }
}

async function handleWithin(request: IngestRequest, deps: IngestDeps, deadline: Deadline): Promise<IngestOutcome> {
  const budget = deps.budget ?? DEFAULT_INGEST_BUDGET;
  const headers = lowerCaseHeaders(request.headers);
  const claim = claimOf(request, headers);
  if (!claim) return refuse(404, 'not found');

  const size = checkBodySize(request.body ?? '', request.isBase64Encoded === true, headers.get('content-length'), deps.limits.maxBodyBytes);
  if (!size.ok) return refuse(413, size.message);

  let credentials: IngestCredentials | undefined;
  try {
    credentials = claim.sourceId === undefined ? undefined : await deps.settings.getIngestCredentials(claim.sourceId, deadline.signal);
  } catch (error) {
    const why = deadline.signal.aborted ? 'passed the deadline' : `failed: ${(error as Error).name}`;
    return refuse(503, 'settings are unavailable; retry the request', emptyStats(), `webhook secret lookup ${why}`);
  }

  const { text, bytes } = decodeBody(request.body, request.isBase64Encoded);
  const authMethod = authenticateClaim(claim, credentials, headers, { text, bytes }, deps);
  if (!credentials) return unauthorized(claim, claim.door === 'tracking' ? 'unknown or malformed write key' : 'unknown source');
  const sourceId = claim.sourceId as string;
  // The id of a source that exists is the operator's, not the caller's: it may be logged.
  if (!authMethod) return { ...unauthorized(claim, 'credentials missing or wrong'), sourceId };

  const parsed = parseJson(text);
  const known = { ...emptyStats(), authMethod };
  if (!parsed.ok) return { ...refuse(400, parsed.message, known), sourceId };
  const shaped: TrackingShapeResult = claim.door === 'tracking' ? classifyTrackingBody(claim.call, parsed.value) : classifyBody(parsed.value);
  if (!shaped.ok) return { ...refuse(shaped.status, shaped.message, known), sourceId };
  const { shape } = shaped;
  // A single tracking call without `type` is stored with the path's type added.
  const storedText = shaped.stored ?? text;

  const triage = triageEvents(shape, storedText, deps.limits.maxEventBytes);
  const stats: IngestStats = {
    ...emptyStats(),
    received: shape.events.length,
    ignored: triage.ignored,
    rejected: triage.rejected.length,
    authMethod,
  };
  const single = shape.kind === 'single' ? triage.rejected[0] : undefined;
  // A single event too large for a queue message: nothing can be stored, the sender must know.
  if (single?.tooLarge) return { ...refuse(413, single.message, stats), sourceId };

  const receivedAt = (request.receivedAt ?? deps.now?.() ?? new Date()).toISOString();
  const mainEntries: QueueEntry[] = triage.deliverable.map((d) => ({ body: d.body, attributes: mainQueueAttributes(sourceId, receivedAt) }));
  const storable = triage.rejected.filter((r) => r.body !== undefined);
  const deadEntries: QueueEntry[] = storable.map((r) => ({
    body: r.body as string,
    attributes: deadLetterAttributes({ sourceId, reason: 'invalid_event', detail: r.message, firstReceivedAt: receivedAt, attempts: 0 }),
  }));

  const maxBatchBytes = Math.max(DEFAULT_MAX_BATCH_BYTES, deps.limits.maxEventBytes + ATTRIBUTE_ROOM_BYTES);
  // Main and dead-letter sends share the concurrency limit and the deadline.
  const limiter = createLimiter(budget.concurrency);
  const send = (entries: QueueEntry[], queueUrl: string): Promise<SendResult> =>
    entries.length === 0
      ? Promise.resolve({ sent: [], failed: [], calls: 0, retries: 0 })
      : sendMessages(entries, { maxBatchBytes, ...deps.send, minAttemptMs: budget.minAttemptMs, client: deps.sqs, queueUrl, deadline, limiter });
  const [main, dead] = await Promise.all([send(mainEntries, deps.queueUrl), send(deadEntries, deps.deadLetterQueueUrl)]);

  // Too large for any SQS message is permanent: retrying cannot help, so it is reported, not retried.
  const tooLargeForQueue = new Set(dead.failed.filter((f) => f.code === 'MessageTooLong').map((f) => storable[f.index]?.index));
  const deadFailures = dead.failed.filter((f) => f.code !== 'MessageTooLong');
  stats.accepted = main.sent.length;
  stats.enqueueRetries = main.retries + dead.retries;
  stats.enqueueFailures = main.failed.length + deadFailures.length;
  const notKept = (r: Rejection) => r.body === undefined || tooLargeForQueue.has(r.index);
  stats.unstorable = triage.rejected.filter(notKept).length;

  if (stats.enqueueFailures > 0) {
    const codes = [...new Set([...main.failed, ...deadFailures].map((f) => f.code))].join(', ');
    const unstoredIndexes = [
      ...main.failed.map((f) => triage.deliverable[f.index]?.index),
      ...deadFailures.map((f) => storable[f.index]?.index),
    ].filter((i): i is number => i !== undefined);
    const unstored = unstoredIndexes.sort((a, b) => a - b).map((index) => ({ index, messageId: messageIdOf(shape.events[index]) }));
    const outcome = refuse(503, `${stats.enqueueFailures} of ${mainEntries.length + deadEntries.length} events could not be queued; retry the request`, stats, `enqueue failed: ${codes}`);
    return { ...outcome, body: { message: (outcome.body as { message: string }).message, accepted: stats.accepted, unstored }, sourceId };
  }

  const rejected = triage.rejected.map((r) => publicRejection(r, notKept(r) ? '; not kept: too large or too deeply nested for the dead-letter queue' : ''));
  if (single) {
    // A single invalid event is permanently bad: 400 (Segment does not retry it), dead-lettered first.
    return {
      statusCode: 400,
      body: { message: `event rejected: ${single.message}`, accepted: 0, ignored: 0, rejected },
      stats,
      sourceId,
      error: 'invalid_event',
    };
  }
  return { statusCode: 200, body: { accepted: stats.accepted, ignored: stats.ignored, rejected }, stats, sourceId };
}
