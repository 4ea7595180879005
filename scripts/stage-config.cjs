// Values serverless.yml derives from the stage's params, checked when the stack is packaged, so a
// bad per-stage override fails `serverless package` with a message instead of a broken deployment.
// Used as `${file(./scripts/stage-config.cjs)}`; osls calls the function with its variable resolver.
'use strict';

const DLQ_RETENTION_SECONDS = 1_209_600; // 14 days, the SQS maximum

/** Pure: params in, derived values out; throws on a combination that cannot work. */
function deriveStageConfig(p) {
  const errors = [];
  const int = (name, min, max) => {
    // `--param name=value` on the command line arrives as a string.
    const v = typeof p[name] === 'string' && /^\d+$/.test(p[name]) ? Number(p[name]) : p[name];
    if (!Number.isInteger(v) || v < min || v > max) errors.push(`param ${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
    return v;
  };
  const workerTimeout = int('workerTimeout', 1, 900);
  const batchSize = int('batchSize', 1, 10_000);
  const window = int('batchingWindowSeconds', 0, 300);
  int('maxConcurrency', 2, 1000);
  const workerMax = int('workerMaxReceiveCount', 1, 999);
  const redriveMax = int('redriveMaxReceiveCount', 2, 1000);
  const retention = int('messageRetentionSeconds', 60, DLQ_RETENTION_SECONDS);
  const pinterestTimeoutMs = int('pinterestTimeoutMs', 100, 900_000);
  const ingestTimeout = int('ingestTimeout', 1, 30); // API Gateway's integration limit is 30 s
  const ingestDeadlineMs = int('ingestDeadlineMs', 100, 28_000);
  int('ingestReservedConcurrency', 1, 10_000);
  int('httpApiThrottleRateLimit', 1, 1_000_000);
  int('httpApiThrottleBurstLimit', 1, 1_000_000);
  const endpoint = p.ingestEndpoint;
  if (endpoint !== 'httpApi' && endpoint !== 'functionUrl') errors.push(`param ingestEndpoint must be httpApi or functionUrl, got ${JSON.stringify(endpoint)}`);
  // The deadline must end before Lambda stops the function, with time to answer.
  if (ingestDeadlineMs + 1000 > ingestTimeout * 1000) {
    errors.push(`param ingestDeadlineMs (${ingestDeadlineMs}) must be at least 1000 below ingestTimeout (${ingestTimeout} s)`);
  }
  // Retry budgets as time (lib/config/worker.ts reads the same limits): well inside Pinterest's
  // 7-day event age, and a day inside the main queue's retention, so SQS never drops an event
  // the worker still means to retry.
  const horizonHours = int('retryHorizonHours', 0, 72);
  const authPauseHours = int('authPauseHours', 0, 72);
  int('outageHoldSeconds', 1, 3600);
  for (const [name, hours] of [['retryHorizonHours', horizonHours], ['authPauseHours', authPauseHours]]) {
    if (Number.isInteger(hours) && Number.isInteger(retention) && hours * 3600 + 86_400 > retention) {
      errors.push(`param ${name} (${hours} h) plus one day must fit in messageRetentionSeconds (${retention} s)`);
    }
  }

  if (batchSize > 10 && window < 1) {
    errors.push(`param batchSize ${batchSize} > 10 needs batchingWindowSeconds ≥ 1 (an SQS event source rule)`);
  }
  // The worker dead-letters a message itself (with a reason) at workerMaxReceiveCount; SQS's own
  // redrive must only ever catch what the worker could not handle (crashes, timeouts).
  if (workerMax >= redriveMax) {
    errors.push(`param workerMaxReceiveCount (${workerMax}) must be below redriveMaxReceiveCount (${redriveMax})`);
  }
  if (pinterestTimeoutMs >= workerTimeout * 1000) {
    errors.push(`param pinterestTimeoutMs (${pinterestTimeoutMs}) must be below workerTimeout (${workerTimeout} s)`);
  }
  // AWS guidance for SQS event sources: visibility ≥ 6 × function timeout + batching window, so a
  // batch retried by Lambda after throttling is not redelivered while still in flight. At most
  // 6 × 900 + 300 s, well inside SQS's 12 h limit.
  const visibilityTimeout = 6 * workerTimeout + window;
  if (errors.length > 0) {
    const error = new Error(`invalid stage params:\n  - ${errors.join('\n  - ')}`);
    error.stack = error.message; // osls prints the stack; the list is the useful part
    throw error;
  }
  return {
    visibilityTimeout,
    messageRetentionSeconds: retention,
    deadLetterRetentionSeconds: DLQ_RETENTION_SECONDS,
    // A public Function URL for ingest (authType NONE: the handler authenticates every request).
    ingestFunctionUrl: endpoint === 'functionUrl',
  };
}

const PARAMS = [
  'workerTimeout',
  'batchSize',
  'batchingWindowSeconds',
  'maxConcurrency',
  'workerMaxReceiveCount',
  'redriveMaxReceiveCount',
  'messageRetentionSeconds',
  'pinterestTimeoutMs',
  'ingestTimeout',
  'ingestDeadlineMs',
  'ingestReservedConcurrency',
  'httpApiThrottleRateLimit',
  'httpApiThrottleBurstLimit',
  'ingestEndpoint',
  'retryHorizonHours',
  'authPauseHours',
  'outageHoldSeconds',
];

module.exports = async ({ resolveVariable }) => {
  const params = {};
  for (const name of PARAMS) params[name] = await resolveVariable(`param:${name}`);
  return deriveStageConfig(params);
};
module.exports.deriveStageConfig = deriveStageConfig;
