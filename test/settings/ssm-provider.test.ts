import { GetParameterCommand, GetParametersByPathCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { SsmSettingsProvider } from '../../lib/settings/ssm-provider';

const ssm = mockClient(SSMClient);
const settings = JSON.stringify({ tagId: '2614759966035', adAccountId: '549755885175' });

function provider(now = () => 0) {
  return new SsmSettingsProvider({ prefix: '/pinterest-tag/test/', client: new SSMClient({}), now });
}

beforeEach(() => ssm.reset());

describe('SsmSettingsProvider.getSource', () => {
  it('reads the source folder once, decrypted, and returns settings with the token', async () => {
    ssm.on(GetParametersByPathCommand, { Path: '/pinterest-tag/test/sources/web', WithDecryption: true }).resolves({
      Parameters: [
        { Name: '/pinterest-tag/test/sources/web/settings', Value: settings },
        { Name: '/pinterest-tag/test/sources/web/conversion-token', Value: 'tok' },
        { Name: '/pinterest-tag/test/sources/web/webhook-secret', Value: 'sec' },
      ],
    });
    const p = provider();
    const [a, b] = await Promise.all([p.getSource('web'), p.getSource('web')]);
    expect(a).toMatchObject({ status: 'ok', conversionToken: 'tok', settings: { adAccountId: '549755885175' } });
    expect(b).toEqual(a);
    await p.getSource('web');
    expect(ssm.commandCalls(GetParametersByPathCommand)).toHaveLength(1);
  });

  it('reports a source without a settings parameter as missing', async () => {
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [] });
    await expect(provider().getSource('nope')).resolves.toEqual({
      status: 'missing',
      message: 'no settings parameter /pinterest-tag/test/sources/nope/settings',
    });
  });

  it('reports broken JSON and invalid documents as invalid, with the reason', async () => {
    ssm.on(GetParametersByPathCommand, { Path: '/pinterest-tag/test/sources/a' }).resolves({
      Parameters: [{ Name: '/pinterest-tag/test/sources/a/settings', Value: '{"conversionToken": "pina_SECRET" oops' }],
    });
    ssm.on(GetParametersByPathCommand, { Path: '/pinterest-tag/test/sources/b' }).resolves({
      Parameters: [{ Name: '/pinterest-tag/test/sources/b/settings', Value: '{"tagId":"x"}' }],
    });
    const p = provider();
    const broken = await p.getSource('a');
    expect(broken).toMatchObject({ status: 'invalid', message: expect.stringMatching(/is not valid JSON: invalid JSON at position 34/) });
    // The message lands in DLQ attributes and logs: it must never quote the text (a misplaced token).
    expect(JSON.stringify(broken)).not.toContain('pina_SECRET');
    await expect(p.getSource('b')).resolves.toEqual({ status: 'invalid', message: 'tagId must be digits only, like 2614759966035' });
  });

  it('throws on throttling instead of calling the source missing', async () => {
    ssm.on(GetParametersByPathCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(provider().getSource('web')).rejects.toThrow('Rate exceeded');
  });
});

describe('SsmSettingsProvider.getWebhookSecret', () => {
  it('reads only the webhook-secret parameter, decrypted', async () => {
    ssm.on(GetParameterCommand, { Name: '/pinterest-tag/test/sources/web/webhook-secret', WithDecryption: true }).resolves({
      Parameter: { Value: 'sec' },
    });
    await expect(provider().getWebhookSecret('web')).resolves.toBe('sec');
  });

  it('remembers unknown sources for a minute so floods do not reach SSM', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    let now = 0;
    const p = provider(() => now);
    await expect(p.getWebhookSecret('ghost')).resolves.toBeUndefined();
    await expect(p.getWebhookSecret('ghost')).resolves.toBeUndefined();
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);
    now = 61_000;
    await p.getWebhookSecret('ghost');
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(2);
  });

  it('throws on SSM outages', async () => {
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('Service unavailable'), { name: 'InternalServerError' }));
    await expect(provider().getWebhookSecret('web')).rejects.toThrow('Service unavailable');
  });
});
