import { DescribeParametersCommand, GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { getSettings, listSources, PartialWriteError, putSettings, SettingsInputError, validateSettingsFile } from '../../lib/ops/settings';

const mock = mockClient(SSMClient);
const ssm = new SSMClient({});
const prefix = '/pinterest-tag/test';
const doc = { tagId: '2614759966035', adAccountId: '549755885175', eventMapping: { 'Signed Up': 'Signup' } };

beforeEach(() => {
  mock.reset();
  mock.on(PutParameterCommand).resolves({ Version: 1 });
});

describe('putSettings', () => {
  it('writes the document as String and the secrets as SecureString with Overwrite, token first, webhook secret last', async () => {
    const result = await putSettings({ ssm, prefix, sourceId: 'web', document: doc, conversionToken: 'pina_tok', webhookSecret: 'whsec', kmsKeyId: 'alias/ops' });
    const inputs = mock.commandCalls(PutParameterCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      { Name: '/pinterest-tag/test/sources/web/conversion-token', Value: 'pina_tok', Type: 'SecureString', Overwrite: true, KeyId: 'alias/ops' },
      { Name: '/pinterest-tag/test/sources/web/settings', Value: JSON.stringify(doc), Type: 'String', Overwrite: true },
      { Name: '/pinterest-tag/test/sources/web/webhook-secret', Value: 'whsec', Type: 'SecureString', Overwrite: true, KeyId: 'alias/ops' },
    ]);
    expect(result.written).toEqual(inputs.map((i) => i.Name));
    expect(JSON.stringify(result)).not.toContain('pina_tok');
  });

  it('stores a write key as SecureString, checked first: it must name the source and carry 22+ secret characters', async () => {
    const writeKey = 'web.Q7vd2mX0kP4sT9wZ1yB3cE5g';
    await putSettings({ ssm, prefix, sourceId: 'web', document: doc, writeKey });
    expect(mock.commandCalls(PutParameterCommand).map((c) => c.args[0].input).at(-1)).toEqual({
      Name: '/pinterest-tag/test/sources/web/write-key',
      Value: writeKey,
      Type: 'SecureString',
      Overwrite: true,
    });
    mock.resetHistory();
    for (const [bad, message] of [
      ['shop.Q7vd2mX0kP4sT9wZ1yB3cE5g', 'writeKey must start with the source id ("web.")'],
      ['web.short', 'writeKey must look like <sourceId>.<22 or more letters, digits, "_" or "-">'],
      ['Q7vd2mX0kP4sT9wZ1yB3cE5gHH', 'writeKey must look like <sourceId>.<22 or more letters, digits, "_" or "-">'],
    ] as const) {
      const error = await putSettings({ ssm, prefix, sourceId: 'web', document: doc, writeKey: bad }).catch((e: unknown) => e);
      expect((error as SettingsInputError).errors).toEqual([message]);
      expect((error as Error).message).not.toContain(bad);
    }
    expect(mock.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  it('validates everything before writing anything', async () => {
    const bad = { ...doc, tagId: 'abc', eventMapping: { Bought: 'Purchase' } };
    const error = await putSettings({ ssm, prefix, sourceId: 'bad id!', document: bad, conversionToken: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettingsInputError);
    expect((error as SettingsInputError).errors).toEqual([
      'source id "bad id!" must be 1-64 letters, digits, "_" or "-"',
      'tagId must be digits only, like 2614759966035',
      expect.stringMatching(/^eventMapping\["Bought"\]: "Purchase" is not a Pinterest standard event/),
    ]);
    expect(mock.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  it('rejects an empty token before writing', async () => {
    await expect(putSettings({ ssm, prefix, sourceId: 'web', document: doc, conversionToken: '  ' })).rejects.toThrow('conversionToken must not be empty');
    expect(mock.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  it('moves secrets found in the document to SecureStrings instead of storing them in plain text', async () => {
    const result = await putSettings({ ssm, prefix, sourceId: 'web', document: { ...doc, conversionToken: 'pina_doc' } });
    const inputs = mock.commandCalls(PutParameterCommand).map((c) => c.args[0].input);
    expect(inputs[0]).toMatchObject({ Name: '/pinterest-tag/test/sources/web/conversion-token', Value: 'pina_doc', Type: 'SecureString' });
    expect(inputs[1]?.Value).toBe(JSON.stringify(doc));
    expect(result.movedFromDocument).toEqual(['conversionToken']);
  });

  it('refuses a token both in the document and as an option', async () => {
    await expect(putSettings({ ssm, prefix, sourceId: 'web', document: { ...doc, conversionToken: 'a' }, conversionToken: 'b' })).rejects.toThrow(
      'conversionToken is both in the document and given as an option',
    );
  });

  it('says what was already written when a write fails, without the secret', async () => {
    mock.on(PutParameterCommand, { Type: 'String' }).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const error = await putSettings({ ssm, prefix, sourceId: 'web', document: doc, conversionToken: 'pina_tok' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartialWriteError);
    expect((error as PartialWriteError).written).toEqual(['/pinterest-tag/test/sources/web/conversion-token']);
    expect((error as Error).message).toContain('writing /pinterest-tag/test/sources/web/settings failed (ThrottlingException: Rate exceeded)');
    expect((error as Error).message).not.toContain('pina_tok');
  });

  it('uses the intelligent tier for documents over 4 KB', async () => {
    const big = (n: number) => ({ ...doc, customProperties: Array.from({ length: n }, (_, i) => ({ property: `p${i}`, target: 'value' })) });
    await putSettings({ ssm, prefix, sourceId: 'web', document: big(150) });
    expect(mock.commandCalls(PutParameterCommand)[0]?.args[0].input.Tier).toBe('Intelligent-Tiering');
    await expect(putSettings({ ssm, prefix, sourceId: 'web', document: big(300) })).rejects.toThrow(/SSM parameters hold at most 8192/);
    expect(mock.commandCalls(PutParameterCommand)).toHaveLength(1);
  });

  it('rejects a prefix that is not an SSM path', async () => {
    await expect(putSettings({ ssm, prefix: 'pinterest-tag', sourceId: 'web', document: doc })).rejects.toThrow('settings prefix "pinterest-tag" must look like /pinterest-tag/prod');
  });
});

describe('getSettings', () => {
  it('shows the document and whether secrets are set, never their values, without decrypting', async () => {
    const modified = new Date('2026-01-01T00:00:00Z');
    mock.on(GetParametersByPathCommand, { Path: '/pinterest-tag/test/sources/web', WithDecryption: false }).resolves({
      Parameters: [
        { Name: '/pinterest-tag/test/sources/web/settings', Type: 'String', Value: JSON.stringify({ ...doc, webhookSecret: 'plain' }), Version: 4, LastModifiedDate: modified },
        { Name: '/pinterest-tag/test/sources/web/conversion-token', Type: 'SecureString', Value: 'AQICAHciphertext', Version: 2, LastModifiedDate: modified },
      ],
    });
    const view = await getSettings({ ssm, prefix, sourceId: 'web' });
    expect(view).toEqual({
      sourceId: 'web',
      path: '/pinterest-tag/test/sources/web',
      found: true,
      settingsVersion: 4,
      settingsLastModified: '2026-01-01T00:00:00.000Z',
      document: { ...doc, webhookSecret: '********' },
      validation: { ok: true, errors: [], warnings: [] },
      conversionToken: { set: true, type: 'SecureString', version: 2, lastModified: '2026-01-01T00:00:00.000Z' },
      webhookSecret: { set: false },
      writeKey: { set: false },
    });
    expect(JSON.stringify(view)).not.toMatch(/plain|ciphertext/);
  });

  it('reports a source without settings as not found', async () => {
    mock.on(GetParametersByPathCommand).resolves({ Parameters: [] });
    await expect(getSettings({ ssm, prefix, sourceId: 'nope' })).resolves.toMatchObject({ found: false, conversionToken: { set: false } });
  });
});

describe('listSources', () => {
  it('lists sources from parameter metadata, across pages', async () => {
    mock
      .on(DescribeParametersCommand)
      .resolvesOnce({
        Parameters: [
          { Name: '/pinterest-tag/test/sources/web/settings', LastModifiedDate: new Date('2026-01-01T00:00:00Z') },
          { Name: '/pinterest-tag/test/sources/web/conversion-token', LastModifiedDate: new Date('2026-01-02T00:00:00Z') },
        ],
        NextToken: 'next',
      })
      .resolves({ Parameters: [{ Name: '/pinterest-tag/test/sources/ios/webhook-secret' }, { Name: '/pinterest-tag/test/sources/stray' }] });
    await expect(listSources({ ssm, prefix: `${prefix}/` })).resolves.toEqual([
      { sourceId: 'ios', settings: false, conversionToken: false, webhookSecret: true, writeKey: false },
      { sourceId: 'web', settings: true, conversionToken: true, webhookSecret: false, writeKey: false, lastModified: '2026-01-02T00:00:00.000Z' },
    ]);
    expect(mock.commandCalls(DescribeParametersCommand)[0]?.args[0].input.ParameterFilters).toEqual([
      { Key: 'Path', Option: 'Recursive', Values: ['/pinterest-tag/test/sources'] },
    ]);
  });
});

describe('validateSettingsFile', () => {
  it('validates one document or every source of a local settings file', () => {
    expect(validateSettingsFile(doc)).toEqual({ ok: true, sources: { '(document)': { ok: true, errors: [], warnings: [] } } });
    const file = validateSettingsFile({ sources: { web: doc, 'bad id': { tagId: 'x' } } });
    expect(file.ok).toBe(false);
    expect(file.sources['bad id']?.errors).toEqual(['source id "bad id" must be 1-64 letters, digits, "_" or "-"', 'tagId must be digits only, like 2614759966035']);
  });
});
