import { statSync } from 'node:fs';
import { join } from 'node:path';
import { packageStack, type PackagedStack, type Resource, type Template } from './package-stack';

/**
 * The CloudFormation template `serverless package --stage ci` generates, checked for the wiring
 * the pipeline's guarantees rest on. The stack is packaged fresh (offline, no AWS credentials,
 * about 3 s) in a temporary copy of the repository: osls always works in `<service>/.serverless`
 * and serverless-esbuild in `<service>/.esbuild`, and the test must neither read a stale template
 * nor clobber a developer's.
 */

type Json = Record<string, unknown>;
interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

let stack: PackagedStack;
let template: Template;

beforeAll(() => {
  stack = packageStack();
  template = stack.template;
}, 130_000);

afterAll(() => stack?.remove());

function resource(logicalId: string): Resource {
  const r = template.Resources[logicalId];
  if (!r) throw new Error(`template has no resource ${logicalId}`);
  return r;
}

function ofType(type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

const FUNCTIONS = {
  ingest: 'IngestLambdaFunction',
  worker: 'WorkerLambdaFunction',
  replay: 'ReplayLambdaFunction',
} as const;

const fnProps = (name: keyof typeof FUNCTIONS) => resource(FUNCTIONS[name]).Properties;
const fnEnv = (name: keyof typeof FUNCTIONS) =>
  ((fnProps(name).Environment as Json).Variables as Record<string, unknown>);
const getAtt = (id: string, attr = 'Arn') => ({ 'Fn::GetAtt': [id, attr] });

/** The role logical id a function runs with (`Fn::GetAtt: [Role, Arn]`). */
function roleOf(name: keyof typeof FUNCTIONS): string {
  const role = fnProps(name).Role as { 'Fn::GetAtt': [string, string] };
  expect(role['Fn::GetAtt']?.[1]).toBe('Arn');
  return role['Fn::GetAtt'][0];
}

function statementsOf(roleId: string): Statement[] {
  const role = resource(roleId);
  expect(role.Type).toBe('AWS::IAM::Role');
  expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  const policies = role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[];
  return policies.flatMap((p) => p.PolicyDocument.Statement);
}

const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

/** A resource as text: GetAtt → "GetAtt:Id.Attr", Sub → its template string, Ref → "Ref:Id". */
function resourceText(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Json;
  if (v['Fn::GetAtt']) return `GetAtt:${(v['Fn::GetAtt'] as string[]).join('.')}`;
  if (v['Fn::Sub']) return list(v['Fn::Sub'] as string | [string, unknown])[0] as string;
  if (v.Ref) return `Ref:${v.Ref as string}`;
  return JSON.stringify(value);
}

/** Every action → resources it is allowed on, for one role. */
function grants(roleId: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const s of statementsOf(roleId).filter((x) => x.Effect === 'Allow')) {
    for (const action of list(s.Action)) {
      map.set(action, [...(map.get(action) ?? []), ...list(s.Resource).map(resourceText)]);
    }
  }
  return map;
}

describe('queues', () => {
  test('the main queue redrives to the dead-letter queue after more receives than the worker allows itself', () => {
    const main = resource('MainQueue').Properties;
    const redrive = main.RedrivePolicy as { deadLetterTargetArn: unknown; maxReceiveCount: number | string };
    expect(redrive.deadLetterTargetArn).toEqual(getAtt('DeadLetterQueue'));
    const workerMax = Number(fnEnv('worker').MAX_RECEIVE_COUNT);
    expect(Number.isInteger(workerMax) && workerMax >= 1).toBe(true);
    expect(Number(redrive.maxReceiveCount)).toBeGreaterThan(workerMax);
  });

  test('both queues use SQS-managed encryption; the DLQ keeps 14 days and accepts only the main queue', () => {
    const main = resource('MainQueue').Properties;
    const dlq = resource('DeadLetterQueue').Properties;
    expect(main.SqsManagedSseEnabled).toBe(true);
    expect(dlq.SqsManagedSseEnabled).toBe(true);
    expect(Number(dlq.MessageRetentionPeriod)).toBe(14 * 24 * 3600);
    expect(Number(main.MessageRetentionPeriod)).toBeLessThanOrEqual(Number(dlq.MessageRetentionPeriod));
    const allow = dlq.RedriveAllowPolicy as { redrivePermission: string; sourceQueueArns: unknown[] };
    expect(allow.redrivePermission).toBe('byQueue');
    expect(allow.sourceQueueArns).toHaveLength(1);
    expect(resourceText(allow.sourceQueueArns[0])).toMatch(new RegExp(`:sqs:.*:${main.QueueName as string}$`));
  });

  test('visibility timeout is at least 6 × the worker timeout plus the batching window', () => {
    const visibility = Number(resource('MainQueue').Properties.VisibilityTimeout);
    const timeout = Number(fnProps('worker').Timeout);
    const mapping = ofType('AWS::Lambda::EventSourceMapping')[0]![1].Properties;
    expect(timeout).toBeGreaterThan(0);
    expect(visibility).toBeGreaterThanOrEqual(6 * timeout + Number(mapping.MaximumBatchingWindowInSeconds ?? 0));
  });

  test('only TLS may reach the queues', () => {
    const policy = ofType('AWS::SQS::QueuePolicy')[0]![1].Properties;
    expect(policy.Queues).toEqual([{ Ref: 'MainQueue' }, { Ref: 'DeadLetterQueue' }]);
    const [deny] = (policy.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(deny).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });
});

describe('worker event source', () => {
  test('the worker consumes the main queue with partial batch responses, batching and a concurrency cap', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    const m = mappings[0]![1].Properties;
    expect(m.EventSourceArn).toEqual(getAtt('MainQueue'));
    expect(m.FunctionName).toEqual(getAtt(FUNCTIONS.worker));
    expect(m.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    const batchSize = Number(m.BatchSize);
    expect(batchSize).toBeGreaterThanOrEqual(1);
    expect(batchSize).toBeLessThanOrEqual(10_000);
    // SQS rejects batch sizes above 10 without a batching window.
    if (batchSize > 10) expect(Number(m.MaximumBatchingWindowInSeconds)).toBeGreaterThanOrEqual(1);
    const max = Number((m.ScalingConfig as Json).MaximumConcurrency);
    expect(max).toBeGreaterThanOrEqual(2);
    expect(max).toBeLessThanOrEqual(1000);
  });
});

describe('functions', () => {
  test.each(Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[])('%s: Node 22+ on arm64, one self-contained bundle', (name) => {
    const p = fnProps(name);
    expect(p.Runtime).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
    expect(p.Architectures).toEqual(['arm64']);
    expect(p.Handler).toBe(`functions/${name}.handler`);
    const key = (p.Code as { S3Key: string }).S3Key;
    expect(key.endsWith(`/${name}.zip`)).toBe(true);
    const zip = join(stack.outDir, `${name}.zip`);
    // One minified bundle, not a zip of node_modules.
    expect(statSync(zip).size).toBeGreaterThan(1000);
    expect(statSync(zip).size).toBeLessThan(3 * 1024 * 1024);
  });

  test('each handler gets the environment contract it reads', () => {
    const common = ['POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_LOG_LEVEL'];
    const contract: Record<keyof typeof FUNCTIONS, string[]> = {
      ingest: ['QUEUE_URL', 'DEAD_LETTER_QUEUE_URL', 'SETTINGS_PREFIX', 'MAX_BODY_BYTES', 'MAX_EVENT_BYTES', 'SECRET_CACHE_SECONDS', 'INGEST_DEADLINE_MS'],
      worker: [
        'QUEUE_URL',
        'DEAD_LETTER_QUEUE_URL',
        'SETTINGS_PREFIX',
        'PINTEREST_API_URL',
        'MAX_RECEIVE_COUNT',
        'RETRY_BASE_SECONDS',
        'PINTEREST_TIMEOUT_MS',
        'PINTEREST_CONCURRENCY',
        'SETTINGS_CACHE_SECONDS',
      ],
      replay: ['QUEUE_URL', 'DEAD_LETTER_QUEUE_URL'],
    };
    for (const [name, vars] of Object.entries(contract) as [keyof typeof FUNCTIONS, string[]][]) {
      const env = fnEnv(name);
      for (const v of [...common, ...vars]) {
        expect([name, v, env[v] !== undefined && env[v] !== '']).toEqual([name, v, true]);
      }
      expect(env.QUEUE_URL).toEqual({ Ref: 'MainQueue' });
      expect(env.DEAD_LETTER_QUEUE_URL).toEqual({ Ref: 'DeadLetterQueue' });
    }
    expect(fnEnv('ingest').SETTINGS_PREFIX).toBe('/pinterest-tag/ci');
    expect(fnEnv('worker').SETTINGS_PREFIX).toBe('/pinterest-tag/ci');
    expect(fnEnv('worker').PINTEREST_API_URL).toBe('https://api.pinterest.com');
    expect(Number(fnEnv('worker').PINTEREST_TIMEOUT_MS)).toBeLessThan(Number(fnProps('worker').Timeout) * 1000);
  });

  test('ingest is the POST /v1/sources/{sourceId}/events route and the tracking API routes of the HTTP API', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    // The webhook path and Segment's tracking API paths, all to ingest.
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(
      ['POST /v1/sources/{sourceId}/events', ...['alias', 'batch', 'group', 'identify', 'page', 'screen', 'track'].map((c) => `POST /v1/${c}`)].sort(),
    );
    const integrations = ofType('AWS::ApiGatewayV2::Integration').map(([, r]) => r.Properties);
    expect(integrations).toHaveLength(1);
    expect(integrations[0]!.IntegrationUri).toEqual(getAtt(FUNCTIONS.ingest));
  });

  test('every log group has a retention', () => {
    const groups = ofType('AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThanOrEqual(3);
    for (const [, g] of groups) expect(Number(g.Properties.RetentionInDays)).toBeGreaterThan(0);
  });
});

describe('IAM: one least-privilege role per function', () => {
  test('each function has its own role and no shared or default role exists', () => {
    const roles = (Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]).map(roleOf);
    expect(new Set(roles).size).toBe(3);
    expect(ofType('AWS::IAM::Role').map(([id]) => id).sort()).toEqual([...roles].sort());
    expect(ofType('AWS::IAM::Policy')).toEqual([]);
    expect(ofType('AWS::IAM::ManagedPolicy')).toEqual([]);
  });

  test('no statement allows a wildcard action or a wildcard resource', () => {
    for (const [id] of ofType('AWS::IAM::Role')) {
      for (const s of statementsOf(id)) {
        expect(s.Effect).toBe('Allow');
        for (const action of list(s.Action)) expect(action).toMatch(/^[a-z0-9]+:[A-Za-z]+$/);
        for (const r of list(s.Resource).map(resourceText)) {
          expect([id, r]).not.toEqual([id, '*']);
          // No wildcard service, region or account: arn:partition:service:region:account:...
          if (r.startsWith('arn:')) {
            const [, , service, region, account] = r.split(':');
            expect([id, service, region, account].join(' ')).not.toMatch(/\*/);
          }
        }
      }
    }
  });

  test('logs go only to the function’s own log group', () => {
    for (const name of Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[]) {
      const g = grants(roleOf(name));
      const own = `GetAtt:${name[0]!.toUpperCase()}${name.slice(1)}LogGroup.Arn`;
      expect(g.get('logs:CreateLogStream')).toEqual([own]);
      expect(g.get('logs:PutLogEvents')).toEqual([own]);
      expect(g.has('logs:CreateLogGroup')).toBe(false);
    }
  });

  test('ingest: send to the two queues, read only webhook secrets, write keys and settings documents (never tokens)', () => {
    const g = grants(roleOf('ingest'));
    expect([...g.keys()].sort()).toEqual(['kms:Decrypt', 'logs:CreateLogStream', 'logs:PutLogEvents', 'sqs:SendMessage', 'ssm:GetParameters']);
    expect(g.get('sqs:SendMessage')!.sort()).toEqual(['GetAtt:DeadLetterQueue.Arn', 'GetAtt:MainQueue.Arn']);
    expect(g.get('ssm:GetParameters')).toEqual(
      ['webhook-secret', 'write-key', 'settings'].map((leaf) => `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/pinterest-tag/ci/sources/*/${leaf}`),
    );
  });

  test('worker: consume and delay the main queue, send to the DLQ and re-send to the main queue, read two named parameters per source', () => {
    const g = grants(roleOf('worker'));
    expect([...g.keys()].sort()).toEqual([
      'kms:Decrypt',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
      'sqs:SendMessage',
      'ssm:GetParameters',
    ]);
    for (const a of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility']) {
      expect([a, g.get(a)]).toEqual([a, ['GetAtt:MainQueue.Arn']]);
    }
    // Dead letters, and a record whose dead-letter write failed re-sent with its decided reason (settle.ts).
    expect(g.get('sqs:SendMessage')!.sort()).toEqual(['GetAtt:DeadLetterQueue.Arn', 'GetAtt:MainQueue.Arn']);
    expect(g.get('ssm:GetParameters')).toEqual([
      'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/pinterest-tag/ci/sources/*/settings',
      'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/pinterest-tag/ci/sources/*/conversion-token',
    ]);
  });

  test('worker: no path to any webhook-secret (no SSM grant matches one, no folder read)', () => {
    const secret = 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/pinterest-tag/ci/sources/web/webhook-secret';
    const folder = 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/pinterest-tag/ci/sources/web';
    // IAM ARN wildcards: `*` matches any run of characters, `/` included; `?` one character.
    const matches = (pattern: string, arn: string) =>
      new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`).test(arn);
    const ssmGrants = [...grants(roleOf('worker')).entries()].filter(([action]) => action.startsWith('ssm:'));
    expect(ssmGrants.map(([action]) => action)).toEqual(['ssm:GetParameters']);
    for (const [action, resources] of ssmGrants) {
      for (const r of resources) expect([action, r, matches(r, secret) || matches(r, folder)]).toEqual([action, r, false]);
    }
    // The same check sees ingest's grant, which must match (a check that cannot fail proves nothing).
    const ingestSsm = [...grants(roleOf('ingest')).entries()].filter(([action]) => action.startsWith('ssm:')).flatMap(([, resources]) => resources);
    expect(ingestSsm.some((r) => matches(r, secret))).toBe(true);
  });

  test('replay: drain the DLQ, send to the main queue, nothing else', () => {
    const g = grants(roleOf('replay'));
    expect([...g.keys()].sort()).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
      'sqs:SendMessage',
    ]);
    for (const a of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']) {
      expect([a, g.get(a)]).toEqual([a, ['GetAtt:DeadLetterQueue.Arn']]);
    }
    expect(g.get('sqs:SendMessage')).toEqual(['GetAtt:MainQueue.Arn']);
  });

  test('SecureString decryption only through SSM, only with the SSM default key', () => {
    for (const name of ['ingest', 'worker'] as const) {
      const decrypt = statementsOf(roleOf(name)).filter((s) => list(s.Action).includes('kms:Decrypt'));
      expect(decrypt).toHaveLength(1);
      expect(decrypt[0]!.Condition).toEqual({
        StringEquals: { 'kms:ViaService': { 'Fn::Sub': 'ssm.${AWS::Region}.amazonaws.com' } },
        'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/aws/ssm' },
      });
    }
  });
});

describe('ingest under floods', () => {
  test('the HTTP API throttles every route by default (rate and burst from stage params)', () => {
    const [[, stage]] = ofType('AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 });
  });

  test('ingest has reserved concurrency, so a flood cannot take the worker’s share of the account', () => {
    expect(fnProps('ingest').ReservedConcurrentExecutions).toBe(50);
    expect(fnProps('worker').ReservedConcurrentExecutions).toBeUndefined();
  });

  test('the deadline is in ingest’s environment and ends a second before its timeout; no Function URL by default', () => {
    expect(Number(fnEnv('ingest').INGEST_DEADLINE_MS) + 1000).toBeLessThanOrEqual(Number(fnProps('ingest').Timeout) * 1000);
    expect(ofType('AWS::Lambda::Url')).toEqual([]);
  });
});

describe('alarms', () => {
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
  const find = (metric: string, dimension: unknown) =>
    alarms().filter((a) => a.MetricName === metric && JSON.stringify(a.Dimensions).includes(JSON.stringify(dimension)));

  test('DLQ depth > 0, oldest message age, worker errors and throttles are alarmed', () => {
    const [dlq] = find('ApproximateNumberOfMessagesVisible', getAtt('DeadLetterQueue', 'QueueName'));
    expect(dlq).toMatchObject({ Namespace: 'AWS/SQS', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expect(find('ApproximateAgeOfOldestMessage', getAtt('MainQueue', 'QueueName'))).toHaveLength(1);
    expect(find('Errors', { Ref: FUNCTIONS.worker })).toHaveLength(1);
    expect(find('Throttles', { Ref: FUNCTIONS.worker })).toHaveLength(1);
  });

  test('alarm actions go to the given topic, or a topic created for an email, or nowhere', () => {
    expect(Object.keys(template.Parameters ?? {}).sort()).toEqual(['AlarmEmail', 'AlarmTopicArn']);
    expect(resource('AlarmTopic').Condition).toBe('CreateAlarmTopic');
    for (const a of alarms()) {
      expect(a.AlarmActions).toEqual({
        'Fn::If': ['HasAlarmActions', [{ 'Fn::If': ['HasAlarmTopicArn', { Ref: 'AlarmTopicArn' }, { Ref: 'AlarmTopic' }] }], { Ref: 'AWS::NoValue' }],
      });
    }
  });
});
