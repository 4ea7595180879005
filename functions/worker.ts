import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { readWorkerConfig } from '../lib/config/worker';
import { createWorker } from '../lib/delivery/worker';
import { logger } from '../lib/observability/logger';
import { metrics } from '../lib/observability/metrics';
import { createPinterestClient } from '../lib/pinterest/client';
import { FileSettingsProvider } from '../lib/settings/file-provider';
import { SsmSettingsProvider } from '../lib/settings/ssm-provider';
import { logInvalidSources } from '../lib/settings/validate-sources';

// Built once per cold start: clients keep their connections and the settings cache across invocations.
const config = readWorkerConfig();
// Short AWS timeouts: a stuck SSM or SQS call must not eat the time budget of the whole batch.
// Without throwOnRequestTimeout the Smithy handler only logs a warning when requestTimeout passes.
const requestHandler = { connectionTimeout: 2000, requestTimeout: 5000, throwOnRequestTimeout: true };

const settings = config.localSettingsFile
  ? new FileSettingsProvider(config.localSettingsFile)
  : new SsmSettingsProvider({
      prefix: config.settingsPrefix as string,
      maxAgeSeconds: config.settingsCacheSeconds,
      client: new SSMClient({ requestHandler }),
    });
// A settings file is in memory: check every source now, one ERROR per invalid one. SSM sources are
// not listed at cold start (that is a scan of the whole prefix per container, against the SSM
// quota the lookups share); `settings put` validates before writing, and a bad document is reported
// on the first event that needs it.
if (settings instanceof FileSettingsProvider) logInvalidSources(settings.validateAll(), logger, config.localSettingsFile);

const worker = createWorker({
  settings,
  sender: createPinterestClient({ baseUrl: config.pinterestApiUrl, timeoutMs: config.pinterestTimeoutMs }),
  sqs: new SQSClient({ requestHandler }),
  queueUrl: config.queueUrl,
  deadLetterQueueUrl: config.deadLetterQueueUrl,
  maxReceiveCount: config.maxReceiveCount,
  retryBaseSeconds: config.retryBaseSeconds,
  retryHorizonHours: config.retryHorizonHours,
  authPauseHours: config.authPauseHours,
  outageHoldSeconds: config.outageHoldSeconds,
  concurrency: config.pinterestConcurrency,
  requestTimeoutMs: config.pinterestTimeoutMs,
  logger,
  metrics,
});

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  return worker(event, context);
};
