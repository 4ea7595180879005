import { readFileSync } from 'node:fs';
import { readSecret, secretSource, SecretInputError, type SecretFlags, type SecretSource } from '../../lib/ops/secret-input';
import { getSettings, listSources, parseJson, putSettings, validateSettingsFile, type SecretStatus } from '../../lib/ops/settings';
import type { Command } from './command';
import { EXIT, UsageError, type Context } from './context';
import { table } from './format';
import { checkOnline, ONLINE_HELP } from './online-check';

export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const parsed = parseJson(text, path);
  if (!parsed.ok) throw new UsageError(parsed.error);
  return parsed.value;
}

/** lib/ops/secret-input's refusals as usage errors (exit code and message style of the CLI). */
function secretSourceOrUsage(name: string, flags: SecretFlags): SecretSource | undefined {
  try {
    return secretSource(name, flags);
  } catch (error) {
    throw error instanceof SecretInputError ? new UsageError(error.message) : error;
  }
}

async function readSecretOrUsage(source: SecretSource, ctx: Context, what: string): Promise<string> {
  try {
    return await readSecret(source, ctx.io, what);
  } catch (error) {
    throw error instanceof SecretInputError ? new UsageError(error.message) : error;
  }
}

function requiredSource(ctx: Context): string {
  const source = ctx.str('source');
  if (!source) throw new UsageError('--source is required');
  return source;
}

const validate: Command = {
  name: 'settings validate',
  summary: 'check a settings document (or a local {"sources": {...}} file) without writing anything',
  usage: ['FILE [--online]'],
  options: { online: { type: 'boolean' } },
  optionHelp: ONLINE_HELP,
  common: 'none',
  positionals: { min: 1, max: 1, name: 'FILE' },
  examples: [
    'pinterest-tag settings validate settings/web.json',
    'pinterest-tag settings validate local-settings.json --json',
    'read -rs PINTEREST_ACCESS_TOKEN && export PINTEREST_ACCESS_TOKEN   # typed, not in shell history',
    'pinterest-tag settings validate settings/web.json --online',
  ],
  async run(ctx) {
    const path = ctx.positionals[0] as string;
    const document = readJsonFile(path);
    const result = validateSettingsFile(document);
    const online = ctx.flag('online') ? await checkOnline(ctx, document, result) : {};
    if (ctx.json) ctx.printJson({ file: path, ...result, ...(ctx.flag('online') ? { online } : {}) });
    else {
      for (const [source, v] of Object.entries(result.sources)) {
        const label = source === '(document)' ? path : `${path} source "${source}"`;
        ctx.out(`${v.ok ? 'valid' : 'INVALID'}: ${label}`);
        for (const e of v.errors) ctx.out(`  error: ${e}`);
        for (const w of v.warnings) ctx.out(`  warning: ${w}`);
        if (online[source]) ctx.out(`  ${online[source]}`);
      }
    }
    return result.ok ? EXIT.ok : EXIT.usage;
  },
};

const put: Command = {
  name: 'settings put',
  summary: "validate a source's settings, then write them (and its secrets) to SSM",
  usage: [
    '--source ID --file FILE [--conversion-token-stdin | --conversion-token-file FILE | --conversion-token-env VAR]',
    '                [--webhook-secret-stdin | --webhook-secret-file FILE | --webhook-secret-env VAR]',
    '                [--write-key-stdin | --write-key-file FILE | --write-key-env NAME]',
  ],
  options: {
    source: { type: 'string' },
    file: { type: 'string' },
    'conversion-token': { type: 'string' },
    'conversion-token-stdin': { type: 'boolean' },
    'conversion-token-file': { type: 'string' },
    'conversion-token-env': { type: 'string' },
    'webhook-secret': { type: 'string' },
    'webhook-secret-stdin': { type: 'boolean' },
    'webhook-secret-file': { type: 'string' },
    'webhook-secret-env': { type: 'string' },
    'write-key': { type: 'string' },
    'write-key-stdin': { type: 'boolean' },
    'write-key-file': { type: 'string' },
    'write-key-env': { type: 'string' },
    'kms-key-id': { type: 'string' },
  },
  optionHelp: [
    '  --source ID            the Segment source id (1-64 letters, digits, _ or -)',
    '  --file FILE            the settings document (JSON)',
    '  --conversion-token-stdin  read the Pinterest conversion token from stdin',
    '  --conversion-token-file FILE  ... from a file (trailing newline dropped)',
    '  --conversion-token-env VAR    ... from an environment variable (never as an argument: argv is public)',
    '  --webhook-secret-stdin the secret Segment signs or authenticates webhooks with, from stdin',
    '  --webhook-secret-file FILE  ... from a file (trailing newline dropped)',
    '  --webhook-secret-env VAR    ... from an environment variable (never as an argument: argv is public)',
    '  --write-key-stdin      read the Segment tracking API write key (SOURCE.SECRET) from stdin',
    '  --write-key-file FILE  read the write key from FILE',
    '  --write-key-env NAME   read the write key from the environment variable NAME',
    '  --kms-key-id KEY       KMS key for the SecureStrings (default: the account\'s aws/ssm key)',
  ],
  common: 'settings',
  positionals: { min: 0, max: 0 },
  notes: [
    'Everything is validated before anything is written. The document goes to\n' +
      'PREFIX/sources/ID/settings (String); the token and secret to .../conversion-token and\n' +
      '.../webhook-secret (SecureString), overwriting earlier versions. A conversionToken or\n' +
      'webhookSecret inside the document is moved to its SecureString instead of stored in plain text.\n' +
      'A write key (the tracking API door, /v1/batch) looks like ID.SECRET and goes to .../write-key.\n' +
      'The worker and ingest cache settings for up to 5 minutes.',
  ],
  examples: [
    'pinterest-tag settings put --stage prod --source web --file settings/web.json --conversion-token-stdin < token.txt',
    'pbpaste | pinterest-tag settings put --stage prod --source web --file settings/web.json --conversion-token-stdin',
    'pinterest-tag settings put --settings-prefix /pinterest-tag/dev --source web --file web.json --webhook-secret-stdin',
    'pinterest-tag settings put --stage prod --source web --file settings/web.json --write-key-file web.write-key',
  ],
  async run(ctx) {
    const sourceId = requiredSource(ctx);
    const file = ctx.str('file');
    if (!file) throw new UsageError('--file is required');
    // Every secret through lib/ops/secret-input: stdin, a file or an env var, never an argv value.
    const sourceOf = (name: string) =>
      secretSourceOrUsage(name, { value: ctx.str(name), stdin: ctx.flag(`${name}-stdin`), file: ctx.str(`${name}-file`), env: ctx.str(`${name}-env`) });
    const conversionTokenSource = sourceOf('conversion-token');
    const webhookSecretSource = sourceOf('webhook-secret');
    const writeKeySource = sourceOf('write-key');
    if ([conversionTokenSource, webhookSecretSource, writeKeySource].filter((s) => s?.kind === 'stdin').length > 1) {
      throw new UsageError('only one secret can come from stdin; pass the others with their options');
    }
    const prefix = ctx.settingsPrefix();
    const document = readJsonFile(file);
    const conversionToken = conversionTokenSource ? await readSecretOrUsage(conversionTokenSource, ctx, 'Conversion token') : undefined;
    const webhookSecret = webhookSecretSource ? await readSecretOrUsage(webhookSecretSource, ctx, 'Webhook secret') : undefined;
    const writeKey = writeKeySource ? await readSecretOrUsage(writeKeySource, ctx, 'Write key') : undefined;
    const kmsKeyId = ctx.str('kms-key-id');
    const result = await putSettings({
      ssm: ctx.ssm,
      prefix,
      sourceId,
      document,
      ...(conversionToken !== undefined ? { conversionToken } : {}),
      ...(webhookSecret !== undefined ? { webhookSecret } : {}),
      ...(writeKey !== undefined ? { writeKey } : {}),
      ...(kmsKeyId ? { kmsKeyId } : {}),
    });
    if (ctx.json) ctx.printJson(result);
    else {
      ctx.out(`Wrote settings of source ${sourceId}:`);
      for (const name of result.written) ctx.out(`  ${name}`);
      for (const key of result.movedFromDocument) ctx.out(`  (${key} was in the document: stored as SecureString instead)`);
      for (const w of result.warnings) ctx.out(`  warning: ${w}`);
    }
    return EXIT.ok;
  },
};

function secretLine(status: SecretStatus): string {
  if (!status.set) return 'not set';
  return `******** (${status.type ?? '?'}, version ${status.version ?? '?'}, modified ${status.lastModified ?? '?'})`;
}

const get: Command = {
  name: 'settings get',
  summary: "show a source's settings from SSM, secrets masked",
  usage: ['--source ID'],
  options: { source: { type: 'string' } },
  optionHelp: ['  --source ID            the Segment source id'],
  common: 'settings',
  positionals: { min: 0, max: 0 },
  notes: ['Secrets are never decrypted: you see whether they are set and when they changed, not their values.'],
  examples: ['pinterest-tag settings get --stage prod --source web', 'pinterest-tag settings get --settings-prefix /pinterest-tag/prod --source web --json'],
  async run(ctx) {
    const view = await getSettings({ ssm: ctx.ssm, prefix: ctx.settingsPrefix(), sourceId: requiredSource(ctx) });
    if (ctx.json) ctx.printJson(view);
    else {
      ctx.out(`Source ${view.sourceId} (${view.path})`);
      if (!view.found) ctx.out('  settings: not set');
      else if (view.unreadable) ctx.out(`  settings: ${view.unreadable}`);
      else {
        ctx.out(`  settings (version ${view.settingsVersion ?? '?'}, modified ${view.settingsLastModified ?? '?'}):`);
        ctx.out(JSON.stringify(view.document, null, 2).replace(/^/gm, '    '));
        ctx.out(`  validation: ${view.validation?.ok ? 'valid' : 'INVALID'}`);
        for (const e of view.validation?.errors ?? []) ctx.out(`    error: ${e}`);
        for (const w of view.validation?.warnings ?? []) ctx.out(`    warning: ${w}`);
      }
      ctx.out(`  conversion token: ${secretLine(view.conversionToken)}`);
      ctx.out(`  webhook secret:   ${secretLine(view.webhookSecret)}`);
      ctx.out(`  write key:        ${secretLine(view.writeKey)}`);
    }
    return view.found ? EXIT.ok : EXIT.failed;
  },
};

const list: Command = {
  name: 'settings list',
  summary: 'list the sources that have parameters under the settings prefix',
  usage: [''],
  options: {},
  optionHelp: [],
  common: 'settings',
  positionals: { min: 0, max: 0 },
  examples: ['pinterest-tag settings list --stage prod', 'pinterest-tag settings list --settings-prefix /pinterest-tag/dev --json'],
  async run(ctx) {
    const prefix = ctx.settingsPrefix();
    const sources = await listSources({ ssm: ctx.ssm, prefix });
    if (ctx.json) ctx.printJson({ prefix, sources });
    else if (sources.length === 0) ctx.out(`No sources under ${prefix}/sources.`);
    else {
      const yes = (b: boolean) => (b ? 'yes' : '-');
      ctx.out(
        table(
          ['SOURCE', 'SETTINGS', 'TOKEN', 'WEBHOOK SECRET', 'WRITE KEY', 'LAST MODIFIED'],
          sources.map((s) => [s.sourceId, yes(s.settings), yes(s.conversionToken), yes(s.webhookSecret), yes(s.writeKey), s.lastModified ?? '?']),
        ),
      );
    }
    return EXIT.ok;
  },
};

export const SETTINGS_COMMANDS: Command[] = [validate, put, get, list];
