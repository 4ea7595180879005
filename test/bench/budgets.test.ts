import { costPerMillion, PRICES, type CostInputs } from '../../bench/cost';
import { hardFailures, holds, toJson, type Figure } from '../../bench/figures';

describe('bench budgets', () => {
  const fig = (over: Partial<Figure>): Figure => ({ figure: 'f', value: 1, unit: 'x', budget: null, ...over });

  it('compares by the budget kind: at most, at least, exactly; no budget gives null', () => {
    expect(holds(fig({ value: 100, budget: 100, compare: 'max' }))).toBe(true);
    expect(holds(fig({ value: 101, budget: 100, compare: 'max' }))).toBe(false);
    expect(holds(fig({ value: 0.4, budget: 0.5, compare: 'min' }))).toBe(false);
    expect(holds(fig({ value: 2, budget: 1, compare: 'exact' }))).toBe(false);
    expect(holds(fig({ value: 1, budget: 1, compare: 'exact' }))).toBe(true);
    expect(holds(fig({ value: Number.NaN, budget: 1, compare: 'max' }))).toBe(false);
    expect(toJson(fig({ value: 3 }))).toEqual({ figure: 'f', value: 3, unit: 'x', budget: null, ok: null });
  });

  it('fails CI only on machine-independent figures (counts, bundle sizes), never on timings', () => {
    const slow = fig({ figure: 'translate_ratio', value: 0.1, budget: 0.5, compare: 'min' });
    const requests = fig({ figure: 'requests', value: 2, budget: 1, compare: 'exact', machineIndependent: true });
    const small = fig({ figure: 'bundle', value: 340, budget: 350, compare: 'max', machineIndependent: true });
    const grown = fig({ figure: 'bundle2', value: 351, budget: 350, compare: 'max', machineIndependent: true });
    expect(hardFailures([slow, requests, small, grown]).map((f) => f.figure)).toEqual(['requests', 'bundle2']);
    expect(toJson(grown).ok).toBe(false);
  });
});

describe('cost model', () => {
  const inputs: CostInputs = {
    ingestMemoryMb: 1024,
    workerMemoryMb: 1024,
    workerBatchSize: 1000,
    ingestUsPerEvent: 0,
    workerUsPerEvent: 0,
    eventsPerRequest: 1,
    requestBodyBytes: 1000,
    ingestSqsBilledPer1000: 1000,
    messageBytes: 1000,
    workerSqsCallsPer1000: 0,
    pinterestRequestsPer1000: 1,
  };

  it('prices each line from its counts: API requests, Lambda GB-s in whole ms, SQS 64 KB chunks', () => {
    const model = costPerMillion(inputs);
    const line = (item: string) => model.lines.find((l) => l.item === item)?.usd;
    expect(line('API Gateway HTTP API')).toBeCloseTo(1.0, 6);
    expect(line('ingest Lambda requests')).toBeCloseTo(0.2, 6);
    // 1 M invocations × 10 ms (the assumed SQS round trip) × 1 GB
    expect(line('ingest Lambda duration')).toBeCloseTo(1e6 * 0.01 * PRICES.lambdaGbSecond, 6);
    // sends 1 M + receives 100 k + deletes 100 k
    expect(line('SQS requests')).toBeCloseTo(1.2e6 * PRICES.sqsRequest, 6);
    expect(model.pinterestRequestsPerMillion).toBe(1000);
    expect(model.usdPerMillion).toBeCloseTo(model.lines.reduce((n, l) => n + l.usd, 0), 9);
  });

  it('a Function URL endpoint drops the HTTP API line and changes nothing else', () => {
    const api = costPerMillion(inputs);
    const url = costPerMillion({ ...inputs, endpoint: 'functionUrl' });
    expect(url.lines.find((l) => l.item === 'API Gateway HTTP API')).toBeUndefined();
    expect(url.lines.find((l) => l.item === 'Lambda Function URL')?.usd).toBe(0);
    expect(api.usdPerMillion - url.usdPerMillion).toBeCloseTo(1.0, 9);
    expect(url.lines.slice(1)).toEqual(api.lines.slice(1));
  });

  it('bills large bodies and messages by the chunk', () => {
    const big = costPerMillion({ ...inputs, eventsPerRequest: 100, requestBodyBytes: 600_000, messageBytes: 10_000 });
    const api = big.lines.find((l) => l.item === 'API Gateway HTTP API')?.usd as number;
    expect(api).toBeCloseTo(10_000 * 2 * PRICES.httpApiRequest, 9);
    const sqs = big.lines.find((l) => l.item === 'SQS requests')?.usd as number;
    // receives of 10 × 10 KB messages = 100 KB: two 64 KB chunks each
    expect(sqs).toBeCloseTo((1e6 + 200_000 + 100_000) * PRICES.sqsRequest, 9);
  });
});
