/**
 * `npm run send -- <file> [--source S] [--url URL] [--settings FILE] [--keep-timestamps]`:
 * post a Segment event file (one event, an array, `{"batch": [...]}` or ndjson) to the local stack,
 * signed with the source's webhook secret from the local settings file, as Segment signs it (or
 * with another method the source's `auth` accepts).
 * Timestamps are moved to now unless --keep-timestamps (the worker drops events older than 7 days).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FileSettingsProvider } from '../lib/settings/file-provider';
import { DEFAULT_AUTH_METHODS } from '../lib/auth/methods';
import { authorizedBody, countEvents, parseEventsFile, restampBody, signedBody } from '../lib/local/sample';
import { eventsOf } from '../lib/ops/translate-stream';
import { trimTrailingSlashes } from '../lib/util/trailing-slashes';

const USAGE = 'usage: npm run send -- <file> [--source demo] [--url http://127.0.0.1:3000] [--settings config/local-sources.json] [--keep-timestamps]';

export async function send(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      url: { type: 'string' },
      settings: { type: 'string' },
      'keep-timestamps': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const settingsFile = resolve(values.settings ?? env.LOCAL_SETTINGS ?? 'config/local-sources.json');
  const settings = new FileSettingsProvider(settingsFile);
  const sourceId = values.source ?? settings.sourceIds()[0];
  const secret = sourceId ? await settings.getWebhookSecret(sourceId) : undefined;
  if (!sourceId || !secret) {
    process.stderr.write(`no webhook secret for source "${sourceId ?? ''}" in ${settingsFile}\n`);
    return 2;
  }
  const parsed = parseEventsFile(readFileSync(positionals[0] as string, 'utf8'));
  const body = values['keep-timestamps'] ? parsed : restampBody(parsed, new Date());
  // Sign the file as it is when the source takes a signature; otherwise use a method it accepts
  // (its `auth` setting), as the console's send does.
  const methods = (await settings.getIngestCredentials(sourceId))?.auth ?? DEFAULT_AUTH_METHODS;
  const { payload, headers } = methods.includes('signature') ? signedBody(body, secret) : authorizedBody(eventsOf(body), secret, methods);
  const base = trimTrailingSlashes(values.url ?? `http://127.0.0.1:${env.PORT?.trim() || '3000'}`);
  const url = `${base}/v1/sources/${encodeURIComponent(sourceId)}/events`;

  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, body: payload });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    process.stderr.write(`could not reach ${url} (${cause}); is \`npm start\` running?\n`);
    return 1;
  }
  const text = await response.text();
  process.stdout.write(`POST ${url}: ${countEvents(body)} event(s) -> ${response.status}\n${text}\n`);
  return response.ok ? 0 : 1;
}

if (require.main === module) {
  send(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
      process.exit(2);
    },
  );
}
