import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { handler, parseReplayInput } from '../../functions/replay';
import { DLQ_URL, FakeSqs, QUEUE_URL, segmentTrack } from '../support/fake-sqs';

const fake = new FakeSqs();

beforeAll(() => {
  process.env.QUEUE_URL = QUEUE_URL;
  process.env.DEAD_LETTER_QUEUE_URL = DLQ_URL;
});
afterAll(() => {
  delete process.env.QUEUE_URL;
  delete process.env.DEAD_LETTER_QUEUE_URL;
});
beforeEach(() => fake.reset());

const context = (ms: number) => ({ getRemainingTimeInMillis: () => ms });

describe('replay handler', () => {
  it('replays the matching messages up to the limit and returns the summary', async () => {
    fake.addDeadLetter(segmentTrack({ messageId: 'a' }), { sourceId: 'web', reason: 'pinterest_auth' });
    fake.addDeadLetter(segmentTrack({ messageId: 'b' }), { sourceId: 'web', reason: 'pinterest_auth' });
    fake.addDeadLetter(segmentTrack({ messageId: 'c' }), { sourceId: 'ios', reason: 'pinterest_auth' });
    const summary = await handler({ source: 'web', reason: 'pinterest_auth', limit: 1 }, context(600_000));
    expect(summary).toMatchObject({ matched: 1, replayed: 1, failed: 0, dryRun: false, stoppedBy: 'limit' });
    expect(fake.queue(QUEUE_URL)).toHaveLength(1);
    expect(fake.queue(DLQ_URL)).toHaveLength(2);
    expect(fake.queue(DLQ_URL).every((m) => m.visible)).toBe(true);
  });

  it('changes nothing on a dry run', async () => {
    fake.addDeadLetter(segmentTrack());
    await expect(handler({ dryRun: true }, context(600_000))).resolves.toMatchObject({ dryRun: true, wouldReplay: 1, replayed: 0 });
    expect(fake.mock.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
    expect(fake.queue(DLQ_URL)).toHaveLength(1);
  });

  it('stops before the Lambda timeout instead of being cut off mid-batch', async () => {
    fake.addDeadLetter(segmentTrack());
    await expect(handler({}, context(10_000))).resolves.toMatchObject({ stoppedBy: 'aborted', replayed: 0 });
    expect(fake.queue(DLQ_URL)).toHaveLength(1);
  });

  it('accepts an empty invocation as "replay everything"', () => {
    expect(parseReplayInput(undefined)).toEqual({});
    expect(parseReplayInput(null)).toEqual({});
  });

  it.each([
    [{ reason: 'bad_reason' }, 'unknown reason "bad_reason"'],
    [{ limit: 0 }, 'limit must be at least 1'],
    [{ limit: 1.5 }, 'limit must be a whole number'],
    [{ sourceId: 'web' }, 'unknown field(s) sourceId'],
    [{ dryRun: 'yes' }, 'dryRun must be true or false'],
    ['web', 'input must be a JSON object'],
  ])('rejects %j with a clear error', async (input, message) => {
    await expect(handler(input, context(600_000))).rejects.toThrow(message);
    expect(fake.mock.calls()).toHaveLength(0);
  });

  it('names the missing environment variable', async () => {
    const saved = process.env.QUEUE_URL;
    delete process.env.QUEUE_URL;
    await expect(handler({}, context(600_000))).rejects.toThrow('environment variable QUEUE_URL is required');
    process.env.QUEUE_URL = saved;
  });
});
