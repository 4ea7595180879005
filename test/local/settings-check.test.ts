import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLocalSettings, displayPath, refusalMessage } from '../../lib/local/settings-check';

const dir = mkdtempSync(join(tmpdir(), 'settings-check-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('checkLocalSettings (npm start refuses invalid settings)', () => {
  it('reports every problem of every source at once, each with file, source and field', () => {
    const path = file(
      'bad.json',
      JSON.stringify({
        sources: {
          web: { tagId: '12a', testMode: 'yes', eventMapping: { 'Order Completed': 'Purchase' }, customProperties: ['myObject.brandName'], adAccountId: '1' },
          app: { tagId: '1', adAccountId: 'x', conversionToken: 'pina_SECRET_IN_FILE' },
          fine: { tagId: '1', adAccountId: '2' },
        },
      }),
    );
    const check = checkLocalSettings(path, dir);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors).toEqual([
      'bad.json: source "web": tagId must be digits only, like 2614759966035',
      'bad.json: source "web": testMode must be true or false',
      expect.stringMatching(/^bad\.json: source "web": eventMapping\["Order Completed"\]: "Purchase" is not a Pinterest standard event/),
      'bad.json: source "app": adAccountId must be digits only, like 549755885175',
    ]);
    expect(check.warnings).toEqual([expect.stringMatching(/^bad\.json: source "web": customProperties\[0\] \("myObject.brandName"\)/)]);
    const message = refusalMessage('bad.json', check);
    expect(message).toMatch(/^local stack not started: 4 problems in the settings file bad.json\n/);
    expect(message).toContain('settings validate bad.json');
    expect(message).not.toContain('pina_SECRET_IN_FILE');
  });

  it('gives file, line and column of a JSON syntax error, and never quotes the file', () => {
    const path = file('syntax.json', '{"sources": {\n  "demo": {"tagId": "1", "conversionToken": "pina_SECRET",}\n}}');
    const check = checkLocalSettings(path, dir);
    expect(check.ok || check.errors).toEqual([`syntax.json:2:59: not valid JSON: expected a double-quoted property name, found '}'`]);
    expect(JSON.stringify(check)).not.toContain('pina_SECRET');
  });

  it('names a missing file and a file of the wrong shape', () => {
    expect(checkLocalSettings(join(dir, 'nope.json'), dir)).toEqual({ ok: false, errors: ['nope.json: cannot read the settings file (ENOENT)'], warnings: [] });
    const shape = checkLocalSettings(file('shape.json', '{"demo": {"tagId": "1"}}'), dir);
    expect(shape.ok || shape.errors).toEqual(['shape.json: local settings must look like {"sources": {"<sourceId>": {...settings}}}']);
  });

  it('accepts valid settings and hands back the provider (the file is read once)', async () => {
    const check = checkLocalSettings(file('good.json', JSON.stringify({ sources: { demo: { tagId: '1', adAccountId: '2', webhookSecret: 's' } } })), dir);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.warnings).toEqual([]);
    await expect(check.provider.getWebhookSecret('demo')).resolves.toBe('s');
  });

  it('shows paths relative to the current directory only when they are inside it', () => {
    expect(displayPath('/repo/config/a.json', '/repo')).toBe('config/a.json');
    expect(displayPath('/elsewhere/a.json', '/repo')).toBe('/elsewhere/a.json');
  });
});
