/** The local stack: what `npm start` runs, and what end-to-end and reliability tests start in-process. */
export { startLocalStack, REDRIVE_MARGIN, type LocalStack, type LocalStackOptions } from './stack';
export { readLocalStackConfig, LOCAL_DEFAULTS, type LocalStackConfig } from './config';
export { startEmbeddedSqs, type EmbeddedSqs } from './embedded-sqs';
export { createQueues, type Queues, type QueueSetup } from './queues';
export { localSqsClient, localSsmClient, LOCAL_REGION } from './aws';
export { startPoller, toSqsRecord, recordsToDelete, POLLER_DEFAULTS, type Poller, type PollerOptions, type BatchSummary } from './poller';
export { startIngestServer, type ApiGatewayHandler, type IngestServer } from './http-adapter';
export { toApiGatewayEvent, INGEST_ROUTE_KEY } from './api-gateway-event';
export { startPinterestSandbox, answerEventsRequest, type PinterestSandbox, type SandboxOptions } from './pinterest-sandbox';
export { parseEventsFile, restampBody, signedBody, curlCommand, countEvents, shellQuote } from './sample';
export { formatLogLine, prettifyStream } from './pretty-log';
export { checkLocalSettings, displayPath, refusalMessage, type LocalSettingsCheck } from './settings-check';
export { DEFAULT_STACK_FILE, describeStack, readStackFile, removeStackFile, writeStackFile, type StackFile } from './stack-file';
