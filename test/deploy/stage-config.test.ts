import { deriveStageConfig } from '../../scripts/stage-config.cjs';

const defaults = {
  workerTimeout: 60,
  batchSize: 1000,
  batchingWindowSeconds: 5,
  maxConcurrency: 2,
  workerMaxReceiveCount: 500,
  redriveMaxReceiveCount: 1000,
  messageRetentionSeconds: 604_800,
  pinterestTimeoutMs: 10_000,
  ingestTimeout: 10,
  ingestDeadlineMs: 4000,
  ingestReservedConcurrency: 50,
  httpApiThrottleRateLimit: 200,
  httpApiThrottleBurstLimit: 400,
  ingestEndpoint: 'httpApi',
  retryHorizonHours: 24,
  authPauseHours: 24,
  outageHoldSeconds: 600,
};

describe('deriveStageConfig', () => {
  test('derives the visibility timeout as 6 × worker timeout + batching window (AWS guidance)', () => {
    expect(deriveStageConfig(defaults)).toEqual({
      visibilityTimeout: 365,
      messageRetentionSeconds: 604_800,
      deadLetterRetentionSeconds: 1_209_600,
      ingestFunctionUrl: false,
    });
    expect(deriveStageConfig({ ...defaults, workerTimeout: 120, batchingWindowSeconds: 0, batchSize: 10 }).visibilityTimeout).toBe(720);
  });

  test('ingest: the endpoint is httpApi or functionUrl, and the deadline ends a second before the timeout', () => {
    expect(deriveStageConfig({ ...defaults, ingestEndpoint: 'functionUrl' }).ingestFunctionUrl).toBe(true);
    expect(() => deriveStageConfig({ ...defaults, ingestEndpoint: 'alb' })).toThrow('param ingestEndpoint must be httpApi or functionUrl, got "alb"');
    expect(() => deriveStageConfig({ ...defaults, ingestTimeout: 4 })).toThrow('param ingestDeadlineMs (4000) must be at least 1000 below ingestTimeout (4 s)');
    expect(() => deriveStageConfig({ ...defaults, ingestReservedConcurrency: 0 })).toThrow('param ingestReservedConcurrency must be an integer from 1');
    expect(() => deriveStageConfig({ ...defaults, httpApiThrottleBurstLimit: -1 })).toThrow('param httpApiThrottleBurstLimit');
  });

  test('accepts numbers given as strings (`--param name=value`)', () => {
    expect(deriveStageConfig({ ...defaults, workerTimeout: '30' }).visibilityTimeout).toBe(185);
  });

  test('the worker must dead-letter before SQS redrive does', () => {
    expect(() => deriveStageConfig({ ...defaults, workerMaxReceiveCount: 1000, redriveMaxReceiveCount: 1000 })).toThrow(
      'workerMaxReceiveCount (1000) must be below redriveMaxReceiveCount (1000)',
    );
  });

  test('the retry horizon and the credentials pause stay well inside the 7-day limit and a day inside the queue retention', () => {
    expect(() => deriveStageConfig({ ...defaults, retryHorizonHours: 96 })).toThrow('param retryHorizonHours must be an integer from 0 to 72, got 96');
    expect(() => deriveStageConfig({ ...defaults, messageRetentionSeconds: 300_000, retryHorizonHours: 72 })).toThrow(
      'param retryHorizonHours (72 h) plus one day must fit in messageRetentionSeconds (300000 s)',
    );
    expect(() => deriveStageConfig({ ...defaults, messageRetentionSeconds: 86_400 })).toThrow('param authPauseHours (24 h) plus one day');
  });

  test('batches above 10 need a batching window', () => {
    expect(() => deriveStageConfig({ ...defaults, batchingWindowSeconds: 0 })).toThrow('needs batchingWindowSeconds ≥ 1');
    expect(() => deriveStageConfig({ ...defaults, batchSize: 10, batchingWindowSeconds: 0 })).not.toThrow();
  });

  test('a Pinterest request must fit in the worker timeout', () => {
    expect(() => deriveStageConfig({ ...defaults, pinterestTimeoutMs: 60_000 })).toThrow('pinterestTimeoutMs (60000) must be below workerTimeout (60 s)');
  });

  test('rejects values outside what Lambda and SQS accept, listing every problem', () => {
    let message = '';
    try {
      deriveStageConfig({ ...defaults, maxConcurrency: 1, batchSize: 20_000, messageRetentionSeconds: 2_000_000, workerTimeout: 'a minute' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('param maxConcurrency must be an integer from 2 to 1000, got 1');
    expect(message).toContain('param batchSize must be an integer from 1 to 10000, got 20000');
    expect(message).toContain('param messageRetentionSeconds must be an integer from 60 to 1209600');
    expect(message).toContain('param workerTimeout must be an integer from 1 to 900, got "a minute"');
  });
});
