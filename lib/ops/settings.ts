import { parseJson as parseJsonText } from '../util/parse-json';
import { trimTrailingSlashes } from '../util/trailing-slashes';
import {
  DescribeParametersCommand,
  GetParametersByPathCommand,
  PutParameterCommand,
  type Parameter,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { writeKeyProblem } from '../auth/write-key';
import { isObject } from '../segment/types';
import { SSM_NAMES, sourcePath } from '../settings/ssm-provider';
import { validateDocument, validateSourceId, validateSources, type Validation } from '../settings/validate-sources';

export { validateDocument, validateSourceId };

/**
 * Source settings in SSM, for operators: validate a document, put it (validated before anything is
 * written; secrets as SecureString), get it back with secrets masked, list the sources. The layout
 * is the one lib/settings/ssm-provider.ts reads.
 */
export const SECRET_KEYS = ['conversionToken', 'webhookSecret', 'writeKey'] as const;
const STANDARD_TIER_BYTES = 4096;
const ADVANCED_TIER_BYTES = 8192;
export const MASK = '********';

export type { Validation };

export class SettingsInputError extends Error {
  override name = 'SettingsInputError';
  constructor(readonly errors: string[]) {
    super(errors.join('; '));
  }
}

export function validatePrefix(prefix: string): string | undefined {
  return /^\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*\/?$/.test(prefix) ? undefined : `settings prefix "${prefix}" must look like /pinterest-tag/prod`;
}

/**
 * Parse JSON text into a value, or an error that names the file. The message gives the position
 * only (the shared parser never quotes input): a settings file may hold a token.
 */
export function parseJson(text: string, what: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const parsed = parseJsonText(text);
  return parsed.ok ? parsed : { ok: false, error: `${what} is not valid JSON: ${parsed.message}` };
}

/**
 * Validate a settings file: one settings document, or a local settings file
 * (`{"sources": {"<id>": {...}}}`, as `npm start` reads), each source validated.
 */
export function validateSettingsFile(doc: unknown): { ok: boolean; sources: Record<string, Validation> } {
  if (isObject(doc) && isObject(doc.sources) && Object.keys(doc).length === 1) {
    const sources = validateSources(doc.sources);
    return { ok: Object.values(sources).every((v) => v.ok), sources };
  }
  const validation = validateDocument(doc);
  return { ok: validation.ok, sources: { '(document)': validation } };
}

export interface PutSettingsInput {
  ssm: SSMClient;
  prefix: string;
  sourceId: string;
  document: unknown;
  conversionToken?: string;
  webhookSecret?: string;
  /** The Segment tracking API write key, `<sourceId>.<secret>`. */
  writeKey?: string;
  /** KMS key for the SecureStrings; default the account's aws/ssm key. */
  kmsKeyId?: string;
}

export interface PutSettingsResult {
  path: string;
  /** Parameter names written, in order. */
  written: string[];
  /** Secrets found in the document and stored as SecureString instead. */
  movedFromDocument: string[];
  warnings: string[];
}

export interface ParameterWrite {
  name: string;
  value: string;
  type: 'String' | 'SecureString';
}

/** Everything is checked first; nothing is written unless all of it is valid. */
export function planPut(input: Omit<PutSettingsInput, 'ssm'>): {
  path: string;
  writes: ParameterWrite[];
  movedFromDocument: string[];
  warnings: string[];
} {
  const errors: string[] = [];
  const prefixProblem = validatePrefix(input.prefix);
  if (prefixProblem) errors.push(prefixProblem);
  const idProblem = validateSourceId(input.sourceId);
  if (idProblem) errors.push(idProblem);
  const validation = validateDocument(input.document);
  errors.push(...validation.errors);

  const doc: Record<string, unknown> = isObject(input.document) ? { ...input.document } : {};
  const secrets: Record<(typeof SECRET_KEYS)[number], string | undefined> = {
    conversionToken: input.conversionToken,
    webhookSecret: input.webhookSecret,
    writeKey: input.writeKey,
  };
  const movedFromDocument: string[] = [];
  for (const key of SECRET_KEYS) {
    const given = secrets[key];
    if (given !== undefined && given.trim() === '') errors.push(`${key} must not be empty`);
    if (!(key in doc)) continue;
    if (given !== undefined && doc[key] !== given) {
      errors.push(`${key} is both in the document and given as an option: keep one`);
    }
    if (typeof doc[key] === 'string' && doc[key] !== '') {
      secrets[key] = doc[key];
      movedFromDocument.push(key);
    }
    delete doc[key];
  }
  const writeKeyIssue = secrets.writeKey ? writeKeyProblem(secrets.writeKey, input.sourceId) : undefined;
  if (writeKeyIssue) errors.push(writeKeyIssue);
  const settings = JSON.stringify(doc);
  if (Buffer.byteLength(settings, 'utf8') > ADVANCED_TIER_BYTES) {
    errors.push(`the settings document is ${Buffer.byteLength(settings, 'utf8')} bytes; SSM parameters hold at most ${ADVANCED_TIER_BYTES}`);
  }
  if (errors.length > 0) throw new SettingsInputError(errors);

  const path = sourcePath(input.prefix, input.sourceId);
  // The token before the settings, the webhook secret last: ingest accepts a source's events
  // once its secret exists, so by then the worker can already deliver them.
  const writes: ParameterWrite[] = [];
  if (secrets.conversionToken) writes.push({ name: `${path}/${SSM_NAMES.conversionToken}`, value: secrets.conversionToken, type: 'SecureString' });
  writes.push({ name: `${path}/${SSM_NAMES.settings}`, value: settings, type: 'String' });
  if (secrets.webhookSecret) writes.push({ name: `${path}/${SSM_NAMES.webhookSecret}`, value: secrets.webhookSecret, type: 'SecureString' });
  if (secrets.writeKey) writes.push({ name: `${path}/${SSM_NAMES.writeKey}`, value: secrets.writeKey, type: 'SecureString' });
  return {
    path,
    writes,
    movedFromDocument,
    warnings: validation.warnings,
  };
}

export class PartialWriteError extends Error {
  override name = 'PartialWriteError';
  constructor(
    readonly written: string[],
    readonly failedParameter: string,
    cause: unknown,
  ) {
    super(
      `writing ${failedParameter} failed (${(cause as Error).name}: ${(cause as Error).message}); ` +
        `already written: ${written.length > 0 ? written.join(', ') : 'nothing'}. Run the same command again.`,
    );
  }
}

export async function putSettings(input: PutSettingsInput): Promise<PutSettingsResult> {
  const plan = planPut(input);
  const written: string[] = [];
  for (const write of plan.writes) {
    const large = write.type === 'String' && Buffer.byteLength(write.value, 'utf8') > STANDARD_TIER_BYTES;
    const command = new PutParameterCommand({
      Name: write.name,
      Value: write.value,
      Type: write.type,
      Overwrite: true,
      ...(write.type === 'SecureString' && input.kmsKeyId ? { KeyId: input.kmsKeyId } : {}),
      ...(large ? { Tier: 'Intelligent-Tiering' } : {}),
    });
    try {
      await input.ssm.send(command);
    } catch (error) {
      throw new PartialWriteError(written, write.name, error);
    }
    written.push(write.name);
  }
  return { path: plan.path, written, movedFromDocument: plan.movedFromDocument, warnings: plan.warnings };
}

export interface SecretStatus {
  set: boolean;
  type?: string;
  version?: number;
  lastModified?: string;
}

export interface SourceSettingsView {
  sourceId: string;
  path: string;
  found: boolean;
  /** The stored document, any secret inside it masked. */
  document?: unknown;
  /** Set when the stored document is not valid JSON. */
  unreadable?: string;
  validation?: Validation;
  settingsVersion?: number;
  settingsLastModified?: string;
  conversionToken: SecretStatus;
  webhookSecret: SecretStatus;
  writeKey: SecretStatus;
}

const lastModified = (p: Parameter) => (p.LastModifiedDate ? { lastModified: p.LastModifiedDate.toISOString() } : {});

function secretStatus(parameter: Parameter | undefined): SecretStatus {
  if (!parameter) return { set: false };
  return {
    set: true,
    ...(parameter.Type ? { type: parameter.Type } : {}),
    ...(parameter.Version !== undefined ? { version: parameter.Version } : {}),
    ...lastModified(parameter),
  };
}

async function parametersByPath(ssm: SSMClient, path: string): Promise<Parameter[]> {
  const parameters: Parameter[] = [];
  let NextToken: string | undefined;
  do {
    // Never decrypted: the operator sees that a secret is set, not its value (and needs no kms:Decrypt).
    const page = await ssm.send(new GetParametersByPathCommand({ Path: path, WithDecryption: false, NextToken }));
    parameters.push(...(page.Parameters ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return parameters;
}

export function maskDocument(doc: unknown): unknown {
  if (!isObject(doc)) return doc;
  const masked: Record<string, unknown> = { ...doc };
  for (const key of SECRET_KEYS) if (key in masked) masked[key] = MASK;
  return masked;
}

export async function getSettings(input: { ssm: SSMClient; prefix: string; sourceId: string }): Promise<SourceSettingsView> {
  const problems = [validatePrefix(input.prefix), validateSourceId(input.sourceId)].filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new SettingsInputError(problems);
  const path = sourcePath(input.prefix, input.sourceId);
  const byName = new Map((await parametersByPath(input.ssm, path)).map((p) => [p.Name?.slice(path.length + 1), p]));
  const settings = byName.get(SSM_NAMES.settings);
  const view: SourceSettingsView = {
    sourceId: input.sourceId,
    path,
    found: settings !== undefined,
    conversionToken: secretStatus(byName.get(SSM_NAMES.conversionToken)),
    webhookSecret: secretStatus(byName.get(SSM_NAMES.webhookSecret)),
    writeKey: secretStatus(byName.get(SSM_NAMES.writeKey)),
  };
  if (!settings) return view;
  if (settings.Version !== undefined) view.settingsVersion = settings.Version;
  if (settings.LastModifiedDate) view.settingsLastModified = settings.LastModifiedDate.toISOString();
  const parsed = parseJson(settings.Value ?? '', `${path}/${SSM_NAMES.settings}`);
  if (!parsed.ok) {
    view.unreadable = parsed.error;
    return view;
  }
  view.document = maskDocument(parsed.value);
  view.validation = validateDocument(parsed.value);
  return view;
}

export interface SourceListing {
  sourceId: string;
  settings: boolean;
  conversionToken: boolean;
  webhookSecret: boolean;
  writeKey: boolean;
  lastModified?: string;
}

/** Every source with a parameter under `<prefix>/sources`, from parameter metadata only (no values read). */
export async function listSources(input: { ssm: SSMClient; prefix: string }): Promise<SourceListing[]> {
  const prefixProblem = validatePrefix(input.prefix);
  if (prefixProblem) throw new SettingsInputError([prefixProblem]);
  const root = `${trimTrailingSlashes(input.prefix)}/sources`;
  const sources = new Map<string, SourceListing>();
  let NextToken: string | undefined;
  do {
    const page = await input.ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: [root] }],
        MaxResults: 50,
        NextToken,
      }),
    );
    for (const parameter of page.Parameters ?? []) {
      const [sourceId, leaf, ...rest] = (parameter.Name ?? '').slice(root.length + 1).split('/');
      if (!sourceId || !leaf || rest.length > 0) continue;
      const listing = sources.get(sourceId) ?? { sourceId, settings: false, conversionToken: false, webhookSecret: false, writeKey: false };
      if (leaf === SSM_NAMES.settings) listing.settings = true;
      if (leaf === SSM_NAMES.conversionToken) listing.conversionToken = true;
      if (leaf === SSM_NAMES.webhookSecret) listing.webhookSecret = true;
      if (leaf === SSM_NAMES.writeKey) listing.writeKey = true;
      const modified = parameter.LastModifiedDate?.toISOString();
      if (modified && (!listing.lastModified || modified > listing.lastModified)) listing.lastModified = modified;
      sources.set(sourceId, listing);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return [...sources.values()].sort((a, b) => a.sourceId.localeCompare(b.sourceId));
}
