#!/usr/bin/env -S npx tsx
// `npm run --silent translate -- --settings SETTINGS.json [--now ISO] < events.ndjson`: see lib/ops/translate-stream.ts.
import { runTranslateCli } from '../lib/ops/translate-stream';

// `translate ... | head` closes stdout early; that is a normal end, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

runTranslateCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`translate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
