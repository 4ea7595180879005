import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureOutput } from '../support/capture-output';

/**
 * The worker with a settings file (LOCAL_SETTINGS) checks every source at cold start: one ERROR
 * line per invalid source, naming its fields, instead of one dead-lettered event at a time.
 */
const savedEnv = { ...process.env };
afterEach(() => {
  process.env = { ...savedEnv };
});

it('logs one ERROR per invalid source at cold start, with every problem and no secret', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'worker-cold-'));
  const file = join(dir, 'sources.json');
  writeFileSync(
    file,
    JSON.stringify({
      sources: {
        web: { tagId: '12a', testMode: 'yes', conversionToken: 'pina_COLD_START_SECRET' },
        app: { tagId: '1', eventMapping: { 'Order Completed': 'Purchase' } },
        fine: { tagId: '1', adAccountId: '2' },
      },
    }),
  );
  Object.assign(process.env, {
    QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/main',
    DEAD_LETTER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/dlq',
    LOCAL_SETTINGS: file,
    PINTEREST_API_URL: 'http://127.0.0.1:9',
  });
  const output = await captureOutput(async () => {
    await jest.isolateModulesAsync(async () => void (await import('../../functions/worker')));
  });
  const errors = output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.level === 'ERROR');
  expect(errors.map((e) => [e.sourceId, e.errors])).toEqual([
    ['web', ['tagId must be digits only, like 2614759966035', 'testMode must be true or false']],
    ['app', [expect.stringMatching(/^eventMapping\["Order Completed"\]: "Purchase" is not a Pinterest standard event/)]],
  ]);
  expect(errors[0]?.message).toMatch(/settings invalid/);
  expect(errors[0]?.file).toBe(file);
  expect(output).not.toContain('pina_COLD_START_SECRET');
});
