import { GetParameterCommand, GetParametersByPathCommand, GetParametersCommand, SSMClient, type GetParametersCommandInput } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { SsmSettingsProvider } from '../../lib/settings/ssm-provider';

const ssm = mockClient(SSMClient);

/** GetParameters answered from a fixed set of parameters: the rest are InvalidParameters, as SSM does. */
function storeOf(parameters: Record<string, string>) {
  return (input: GetParametersCommandInput) => ({
    Parameters: (input.Names ?? []).filter((n) => n in parameters).map((Name) => ({ Name, Value: parameters[Name], Type: 'String' as const })),
    InvalidParameters: (input.Names ?? []).filter((n) => !(n in parameters)),
  });
}
const settings = JSON.stringify({ tagId: '2614759966035', adAccountId: '549755885175' });

function provider(now = () => 0) {
  return new SsmSettingsProvider({ prefix: '/pinterest-tag/test/', client: new SSMClient({}), now });
}

beforeEach(() => ssm.reset());

describe('SsmSettingsProvider.getSource', () => {
  it('reads exactly settings and conversion-token by name, decrypted, once; never the folder or the webhook secret', async () => {
    ssm.on(GetParametersCommand).callsFake(
      storeOf({
        '/pinterest-tag/test/sources/web/settings': settings,
        '/pinterest-tag/test/sources/web/conversion-token': 'tok',
        '/pinterest-tag/test/sources/web/webhook-secret': 'sec',
      }),
    );
    const p = provider();
    const [a, b] = await Promise.all([p.getSource('web'), p.getSource('web')]);
    expect(a).toMatchObject({ status: 'ok', conversionToken: 'tok', settings: { adAccountId: '549755885175' } });
    expect(b).toEqual(a);
    await p.getSource('web');
    const calls = ssm.commandCalls(GetParametersCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      Names: ['/pinterest-tag/test/sources/web/settings', '/pinterest-tag/test/sources/web/conversion-token'],
      WithDecryption: true,
    });
    expect(ssm.commandCalls(GetParametersByPathCommand)).toHaveLength(0);
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(0);
  });

  it('a source without a conversion-token parameter is fine (the token may be in the document)', async () => {
    ssm.on(GetParametersCommand).callsFake(storeOf({ '/pinterest-tag/test/sources/web/settings': JSON.stringify({ tagId: '2614759966035', adAccountId: '549755885175', conversionToken: 'doc-tok' }) }));
    await expect(provider().getSource('web')).resolves.toMatchObject({ status: 'ok', conversionToken: 'doc-tok' });
  });

  it('reports a source without a settings parameter as missing', async () => {
    ssm.on(GetParametersCommand).callsFake(storeOf({}));
    await expect(provider().getSource('nope')).resolves.toEqual({
      status: 'missing',
      message: 'no settings parameter /pinterest-tag/test/sources/nope/settings',
    });
  });

  it('reports broken JSON and invalid documents as invalid, with the reason', async () => {
    ssm.on(GetParametersCommand).callsFake(
      storeOf({
        '/pinterest-tag/test/sources/a/settings': '{"conversionToken": "pina_SECRET" oops',
        '/pinterest-tag/test/sources/b/settings': '{"tagId":"x"}',
      }),
    );
    const p = provider();
    const broken = await p.getSource('a');
    expect(broken).toMatchObject({ status: 'invalid', message: expect.stringMatching(/is not valid JSON: invalid JSON at position 34/) });
    // The message lands in DLQ attributes and logs: it must never quote the text (a misplaced token).
    expect(JSON.stringify(broken)).not.toContain('pina_SECRET');
    await expect(p.getSource('b')).resolves.toEqual({ status: 'invalid', message: 'tagId must be digits only, like 2614759966035' });
  });

  it('never quotes a broken settings document, which may hold a plain-text token, in its message', async () => {
    // V8's JSON.parse messages quote the text around the error: here that would be the token.
    ssm.on(GetParametersCommand).callsFake(storeOf({ '/pinterest-tag/test/sources/a/settings': '{"tagId":"1","conversionToken":pina_SECRET_TOKEN_123}' }));
    const lookup = await provider().getSource('a');
    expect(lookup).toEqual({
      status: 'invalid',
      message: expect.stringMatching(/^\/pinterest-tag\/test\/sources\/a\/settings is not valid JSON: invalid JSON at position 31 \(line 1, column 32\): expected a value, found 'p'$/),
    });
    expect(JSON.stringify(lookup)).not.toContain('SECRE');
  });

  it('throws on throttling instead of calling the source missing', async () => {
    ssm.on(GetParametersCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(provider().getSource('web')).rejects.toThrow('Rate exceeded');
  });
});

describe('SsmSettingsProvider: ingest credentials', () => {
  const names = (id: string) => ['webhook-secret', 'write-key', 'settings'].map((n) => `/pinterest-tag/test/sources/${id}/${n}`);

  it('reads the secret, the write key and the settings document in one decrypted GetParameters call', async () => {
    ssm.on(GetParametersCommand, { Names: names('web'), WithDecryption: true }).resolves({
      Parameters: [
        { Name: '/pinterest-tag/test/sources/web/webhook-secret', Value: 'sec' },
        { Name: '/pinterest-tag/test/sources/web/write-key', Value: 'web.0123456789abcdefghijkl' },
        { Name: '/pinterest-tag/test/sources/web/settings', Value: JSON.stringify({ tagId: '1', auth: ['array-signature', 'bearer'] }) },
      ],
    });
    const p = provider();
    await expect(p.getIngestCredentials('web')).resolves.toEqual({
      webhookSecret: 'sec',
      writeKey: 'web.0123456789abcdefghijkl',
      auth: ['array-signature', 'bearer'],
    });
    await expect(p.getWebhookSecret('web')).resolves.toBe('sec');
    expect(ssm.commandCalls(GetParametersCommand)).toHaveLength(1);
  });

  it('uses the default methods (never the array rule) without a document, or with a broken or invalid auth', async () => {
    for (const settingsValue of [undefined, '{"auth": oops', JSON.stringify({ auth: ['array_signature'] }), JSON.stringify({ auth: [] })]) {
      ssm.reset();
      ssm.on(GetParametersCommand).resolves({
        Parameters: [
          { Name: '/pinterest-tag/test/sources/web/webhook-secret', Value: 'sec' },
          ...(settingsValue ? [{ Name: '/pinterest-tag/test/sources/web/settings', Value: settingsValue }] : []),
        ],
      });
      await expect(provider().getIngestCredentials('web')).resolves.toEqual({ webhookSecret: 'sec', auth: ['signature', 'bearer', 'basic'] });
    }
  });

  it('remembers unknown sources for a minute: one SSM call per id per TTL, shared by concurrent lookups', async () => {
    ssm.on(GetParametersCommand).resolves({ Parameters: [], InvalidParameters: names('ghost') });
    let now = 0;
    const p = provider(() => now);
    const burst = await Promise.all(Array.from({ length: 50 }, () => p.getIngestCredentials('ghost')));
    expect(burst).toEqual(Array(50).fill(undefined));
    await expect(p.getWebhookSecret('ghost')).resolves.toBeUndefined();
    expect(ssm.commandCalls(GetParametersCommand)).toHaveLength(1);
    now = 61_000;
    await p.getIngestCredentials('ghost');
    expect(ssm.commandCalls(GetParametersCommand)).toHaveLength(2);
  });

  it('bounds the cache by evicting the least recently used entry, never by clearing it whole', async () => {
    ssm.on(GetParametersCommand).callsFake((input: { Names: string[] }) => {
      const id = (input.Names[0] as string).split('/')[4];
      return { Parameters: id === 'web' ? [{ Name: input.Names[0], Value: 'sec' }] : [] };
    });
    const p = new SsmSettingsProvider({ prefix: '/pinterest-tag/test', client: new SSMClient({}), maxCachedSources: 100, now: () => 0 });
    await p.getIngestCredentials('web');
    // A flood of invented ids, with the real source still in use between them.
    for (let i = 0; i < 1000; i++) {
      await p.getIngestCredentials(`random-${i}`);
      if (i % 50 === 0) await p.getIngestCredentials('web');
    }
    const calls = ssm.commandCalls(GetParametersCommand).length;
    expect(calls).toBe(1001); // one per invented id, and the real source only once
    await expect(p.getIngestCredentials('web')).resolves.toMatchObject({ webhookSecret: 'sec' });
    expect(ssm.commandCalls(GetParametersCommand)).toHaveLength(calls);
  });

  it('throws on SSM outages and caches nothing then', async () => {
    ssm.on(GetParametersCommand).rejectsOnce(Object.assign(new Error('Service unavailable'), { name: 'InternalServerError' })).resolves({
      Parameters: [{ Name: '/pinterest-tag/test/sources/web/webhook-secret', Value: 'sec' }],
    });
    const p = provider();
    await expect(p.getWebhookSecret('web')).rejects.toThrow('Service unavailable');
    await expect(p.getWebhookSecret('web')).resolves.toBe('sec');
  });

  it('gives up when the caller aborts, while the shared lookup goes on and fills the cache', async () => {
    let release: () => void = () => undefined;
    ssm.on(GetParametersCommand).callsFake(
      () => new Promise((resolve) => (release = () => resolve({ Parameters: [{ Name: '/pinterest-tag/test/sources/web/webhook-secret', Value: 'sec' }] }))),
    );
    const p = provider();
    const controller = new AbortController();
    const aborted = p.getIngestCredentials('web', controller.signal);
    controller.abort(new Error('deadline'));
    await expect(aborted).rejects.toThrow('deadline');
    release();
    await expect(p.getWebhookSecret('web')).resolves.toBe('sec');
    expect(ssm.commandCalls(GetParametersCommand)).toHaveLength(1);
  });
});
