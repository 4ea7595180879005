import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// The Lambda bundles swap the SDK's default credential chain for env + container credentials
// (scripts/esbuild-options.cjs → lib/aws/lambda-credentials.ts). Prove the bundle as deployed
// still signs its AWS calls with the credentials Lambda puts in the environment.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { esbuildOptions } = require('../../scripts/esbuild-options.cjs') as { esbuildOptions: Record<string, unknown> };

const run = promisify(execFile);
let dir: string;
let server: Server;
let authorizations: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bundle-credentials-'));
  await build({ ...esbuildOptions, entryPoints: ['functions/ingest.ts'], outfile: join(dir, 'ingest.js') });
  authorizations = [];
  server = createServer((req, res) => {
    authorizations.push(String(req.headers.authorization));
    req.resume();
    // What GetParameters answers for names that do not exist.
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify({ Parameters: [], InvalidParameters: ['/pinterest-tag/test/sources/web/webhook-secret'] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

it('leaves the default chain\'s web-identity, SSO and INI providers out of the bundle', () => {
  const bundle = readFileSync(join(dir, 'ingest.js'), 'utf8');
  expect(bundle).not.toContain('AWS_WEB_IDENTITY_TOKEN_FILE');
  expect(bundle).toContain('AWS_ACCESS_KEY_ID');
});

it('signs SSM requests with the credentials from the environment', async () => {
  const { port } = server.address() as AddressInfo;
  const script = `
    const { handler } = require(${JSON.stringify(join(dir, 'ingest.js'))});
    handler({ requestContext: { http: { method: 'POST' } }, pathParameters: { sourceId: 'web' }, headers: { authorization: 'Bearer x' }, body: '{}' })
      .then((r) => process.stdout.write('STATUS ' + r.statusCode + '\\n'));`;
  const env = {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDBUNDLETEST',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SESSION_TOKEN: 'session',
    AWS_ENDPOINT_URL_SSM: `http://127.0.0.1:${port}`,
    QUEUE_URL: 'http://127.0.0.1:1/queue',
    DEAD_LETTER_QUEUE_URL: 'http://127.0.0.1:1/dlq',
    SETTINGS_PREFIX: '/pinterest-tag/test',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const { stdout } = await run(process.execPath, ['-e', script], { env, timeout: 15_000 });
  // The unknown source is refused, after a signed lookup of its credentials (one GetParameters).
  expect(stdout).toContain('STATUS 401');
  expect(authorizations).toHaveLength(1);
  expect(authorizations[0]).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDBUNDLETEST\/\d{8}\/us-east-1\/ssm\/aws4_request/);
});
