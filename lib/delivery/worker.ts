import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { translate as defaultTranslate } from '../pinterest/translate';
import { BreakerBoard } from './breaker';
import { FateMemory } from './fate-memory';
import { processBatch, type BatchDeps, type BatchReport } from './process-batch';
import { publishStats, type MetricsSink } from './stats';

/**
 * The worker as a function of its dependencies, so the Lambda handler, the local stack and the
 * benchmarks run the same code with different clients.
 *
 * Why the Powertools batch processor is used this way: events are grouped across records into
 * requests of up to 1000, so the batch is processed as a whole first (processBatch), and the
 * processor then only shapes the partial batch response: its record handler fails exactly the
 * records the batch run left for redelivery. `throwOnFullBatchFailure: false` because a batch in
 * which every record is retried (e.g. Pinterest down) is an expected answer, not a crash: the
 * visibility backoff has already been set and must not be undone by failing the invocation.
 *
 * What lives as long as the warm container: the breakers per ad account (outage mode), the
 * rejections it has proven, and the settings warnings already logged.
 */
export type WorkerDeps = Omit<BatchDeps, 'translate'> & {
  translate?: BatchDeps['translate'];
  metrics?: MetricsSink;
  /** Sees every batch's per-record outcomes (local stack, tests, benchmarks). */
  onReport?: (report: BatchReport) => void;
};

/** What the worker needs of the Lambda context: only the time left. */
export interface WorkerContext {
  getRemainingTimeInMillis(): number;
}

export type WorkerHandler = (event: SQSEvent, context?: WorkerContext) => Promise<SQSBatchResponse>;

class RedeliverRecord extends Error {
  override readonly name = 'RedeliverRecord';
}

export function createWorker(deps: WorkerDeps): WorkerHandler {
  const batchDeps: BatchDeps = {
    ...deps,
    translate: deps.translate ?? defaultTranslate,
    loggedSettingsWarnings: deps.loggedSettingsWarnings ?? new Set(),
    breakers: deps.breakers ?? new BreakerBoard(),
    fateMemory: deps.fateMemory ?? new FateMemory(),
  };
  return async (event, context) => {
    const report = await processBatch(event.Records, batchDeps, context ? () => context.getRemainingTimeInMillis() : undefined);
    if (deps.metrics) publishStats(deps.metrics, report.stats);
    deps.onReport?.(report);

    const redeliver = new Set(report.batchItemFailures.map((f) => f.itemIdentifier));
    const processor = new BatchProcessor(EventType.SQS);
    const response = await processPartialResponse(
      event,
      (record: SQSRecord) => {
        if (redeliver.has(record.messageId)) throw new RedeliverRecord(record.messageId);
      },
      processor,
      { throwOnFullBatchFailure: false },
    );
    return { batchItemFailures: response.batchItemFailures };
  };
}
