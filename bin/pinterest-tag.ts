#!/usr/bin/env -S npx tsx
// The operator CLI: `npx pinterest-tag --help`. Commands live in bin/cli/, use cases in lib/ops/.
import { parseArgs } from 'node:util';
import { QueueResolutionError } from '../lib/ops/queue-urls';
import { SettingsInputError } from '../lib/ops/settings';
import { runTranslateCli } from '../lib/ops/translate-stream';
import { COMMON_OPTIONS, commandHelp, type Command } from './cli/command';
import { Context, EXIT, UsageError, type CliIo, type Values } from './cli/context';
import { DLQ_COMMANDS } from './cli/dlq-commands';
import { EVENTS_COMMANDS } from './cli/events-commands';
import { SETTINGS_COMMANDS } from './cli/settings-commands';

const GROUPS: Record<string, Command[]> = { dlq: DLQ_COMMANDS, settings: SETTINGS_COMMANDS, events: EVENTS_COMMANDS };

export const TOP_HELP = `pinterest-tag — operate a pinterest-tag-destination stack

Usage: pinterest-tag <command> [options]

Dead-letter queue:
${DLQ_COMMANDS.map((c) => `  ${c.name.padEnd(20)} ${c.summary}`).join('\n')}

Source settings (SSM Parameter Store):
${SETTINGS_COMMANDS.map((c) => `  ${c.name.padEnd(20)} ${c.summary}`).join('\n')}

Advertiser-defined events (Pinterest API):
${EVENTS_COMMANDS.map((c) => `  ${c.name.padEnd(20)} ${c.summary}`).join('\n')}

Other:
  translate            show what Pinterest would receive for Segment events (stdin → stdout)

Run \`pinterest-tag <command> --help\` for a command's options and examples, e.g.
  pinterest-tag dlq stats --stage prod
  pinterest-tag dlq replay --stage prod --reason pinterest_auth --dry-run
  pinterest-tag settings put --stage prod --source web --file web.json --conversion-token-stdin < token.txt

AWS credentials and region come from the usual places (AWS_PROFILE, AWS_REGION, ~/.aws);
--endpoint-url points every command at a local emulator.
Exit codes: 0 done, 1 the operation failed, 2 usage or validation error, 130 interrupted.`;

function groupHelp(group: string): string {
  const commands = GROUPS[group] ?? [];
  return `Usage: pinterest-tag ${group} <${commands.map((c) => c.name.split(' ')[1]).join('|')}> [options]\n\n${commands
    .map((c) => `  ${c.name.padEnd(20)} ${c.summary}`)
    .join('\n')}\n\nRun \`pinterest-tag ${group} <command> --help\` for details.`;
}

function usageFailure(io: CliIo, message: string, hint: string): number {
  io.stderr.write(`pinterest-tag: ${message}\n${hint}\n`);
  return EXIT.usage;
}

function isHelp(arg: string | undefined): boolean {
  return arg === '--help' || arg === '-h' || arg === 'help';
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [group, sub, ...rest] = argv;
  if (group === undefined) {
    io.stderr.write(`${TOP_HELP}\n`);
    return EXIT.usage;
  }
  if (isHelp(group)) {
    io.stdout.write(`${TOP_HELP}\n`);
    return EXIT.ok;
  }
  if (group === 'translate') {
    return runTranslateCli(argv.slice(1), { stdin: io.stdin, stdout: io.stdout, stderr: io.stderr });
  }
  const commands = GROUPS[group];
  if (!commands) return usageFailure(io, `unknown command "${group}"`, 'Run `pinterest-tag --help` for the list of commands.');
  if (isHelp(sub)) {
    io.stdout.write(`${groupHelp(group)}\n`);
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === `${group} ${sub}`);
  if (!command) {
    return usageFailure(io, sub === undefined ? `${group} needs a command` : `unknown command "${group} ${sub}"`, groupHelp(group));
  }
  const hint = `Run \`pinterest-tag ${command.name} --help\` for usage and examples.`;

  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: { ...COMMON_OPTIONS, ...command.options },
      strict: true,
      allowPositionals: true,
    }) as { values: Values; positionals: string[] });
  } catch (error) {
    return usageFailure(io, (error as Error).message, hint);
  }
  if (values.help === true) {
    io.stdout.write(`${commandHelp(command)}\n`);
    return EXIT.ok;
  }
  const { min, max, name } = command.positionals;
  if (positionals.length < min) return usageFailure(io, `${command.name} needs ${name ?? 'an argument'}`, hint);
  if (positionals.length > max) return usageFailure(io, `unexpected argument "${positionals[max]}"`, hint);

  const ctx = new Context(io, values, positionals);
  try {
    return await command.run(ctx);
  } catch (error) {
    if (error instanceof UsageError || error instanceof QueueResolutionError) return usageFailure(io, error.message, hint);
    if (error instanceof SettingsInputError) {
      io.stderr.write(`pinterest-tag ${command.name}: invalid input, nothing was written:\n${error.errors.map((e) => `  ${e}`).join('\n')}\n`);
      return EXIT.usage;
    }
    const err = error as Error;
    const credentials = err.name === 'CredentialsProviderError' ? ' (set AWS_PROFILE or AWS credentials, or use --profile)' : '';
    io.stderr.write(`pinterest-tag ${command.name} failed: ${err.name}: ${err.message}${credentials}\n`);
    return EXIT.failed;
  } finally {
    ctx.destroy();
  }
}

/** Process wiring: real streams, Ctrl-C → abort (twice → exit now), exit code. */
export function run(): void {
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    process.stderr.write('\nstopping after the current batch (Ctrl-C again to exit at once; hidden messages then reappear after their visibility timeout)\n');
    controller.abort();
  });
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      process.stderr.write(`pinterest-tag: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = EXIT.failed;
    });
}

if (require.main === module) run();
