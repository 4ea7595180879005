import { spawnSync } from 'node:child_process';
import { packageStack, type PackagedStack } from './package-stack';

/**
 * The `ingestEndpoint: functionUrl` stage variant: packaged offline like the default stack, it
 * adds a public Lambda Function URL for ingest (auth NONE: the handler authenticates each request),
 * keeps reserved concurrency, and passes cfn-lint (required on CI, like moto_server).
 */
let stack: PackagedStack;

beforeAll(() => {
  stack = packageStack({ ingestEndpoint: 'functionUrl' });
}, 130_000);
afterAll(() => stack?.remove());

const ofType = (type: string) => Object.entries(stack.template.Resources).filter(([, r]) => r.Type === type);

describe('ingest behind a Lambda Function URL', () => {
  test('one Function URL, for ingest, public, with its invoke permission', () => {
    const urls = ofType('AWS::Lambda::Url');
    expect(urls).toHaveLength(1);
    const url = urls[0]![1].Properties;
    expect(url.AuthType).toBe('NONE');
    expect(url.TargetFunctionArn).toEqual({ 'Fn::GetAtt': ['IngestLambdaFunction', 'Arn'] });
    const permissions = ofType('AWS::Lambda::Permission').map(([, r]) => r.Properties).filter((p) => p.Action === 'lambda:InvokeFunctionUrl');
    expect(permissions).toHaveLength(1);
    expect(permissions[0]).toMatchObject({ FunctionUrlAuthType: 'NONE', Principal: '*' });
    expect(stack.template.Resources.IngestLambdaFunction?.Properties.ReservedConcurrentExecutions).toBe(50);
  });

  const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  const haveCfnLint = !cfnLint.error && cfnLint.status === 0;
  if (!haveCfnLint && process.env.CI === 'true') {
    test('cfn-lint is installed (required on CI)', () => {
      throw new Error('cfn-lint is not installed: pip install cfn-lint');
    });
  }
  (haveCfnLint ? test : test.skip)(`the variant's template passes cfn-lint${haveCfnLint ? '' : ' [skipped: cfn-lint not installed]'}`, () => {
    const lint = spawnSync('cfn-lint', ['--non-zero-exit-code', 'error', stack.templatePath], { encoding: 'utf8', timeout: 120_000 });
    expect({ status: lint.status, output: (lint.stdout + lint.stderr).slice(-2000) }).toEqual({ status: 0, output: expect.any(String) });
  }, 120_000);
});
