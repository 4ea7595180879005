import type { Context } from './context';

/** One CLI command: its flags, its help text, and what it does (resolving to an exit code). */
export type OptionSpec = { type: 'string' | 'boolean'; short?: string };

export interface Command {
  /** Words after `pinterest-tag`, like `dlq replay`. */
  name: string;
  summary: string;
  usage: string[];
  options: Record<string, OptionSpec>;
  /** Lines describing the command's own options. */
  optionHelp: string[];
  examples: string[];
  /** Extra paragraphs after the options. */
  notes?: string[];
  /** Which common options apply (queue flags make no sense for `settings`). */
  common: 'queues' | 'settings' | 'none';
  positionals: { min: number; max: number; name?: string };
  run(ctx: Context): Promise<number>;
}

export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  'queue-url': { type: 'string' },
  'dlq-url': { type: 'string' },
  stage: { type: 'string' },
  'settings-prefix': { type: 'string' },
  'endpoint-url': { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
};

const AWS_HELP = [
  '  --region REGION        AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, or the profile\'s region)',
  '  --profile NAME         AWS profile (default: AWS_PROFILE, else the default credential chain)',
  '  --endpoint-url URL     talk to a local emulator instead of AWS, e.g. http://127.0.0.1:5000',
  '  --json                 machine-readable output on stdout',
  '  -h, --help             this help',
];

export function commonHelp(kind: Command['common']): string[] {
  if (kind === 'queues') {
    return [
      '  --queue-url URL        main queue (default: from --stage, else QUEUE_URL)',
      '  --dlq-url URL          dead-letter queue (default: from --stage, else DEAD_LETTER_QUEUE_URL)',
      '  --stage STAGE          find the queues deployed for a stage by name',
      '                         (pinterest-tag-destination-STAGE-events / -dead-letter)',
      ...AWS_HELP,
    ];
  }
  if (kind === 'settings') {
    return [
      '  --settings-prefix P    SSM prefix (default: /pinterest-tag/STAGE with --stage, else SETTINGS_PREFIX)',
      '  --stage STAGE          use the stage\'s default prefix',
      ...AWS_HELP,
    ];
  }
  return ['  --json                 machine-readable output on stdout', '  -h, --help             this help'];
}

export function commandHelp(command: Command): string {
  const lines = [`pinterest-tag ${command.name} — ${command.summary}`, ''];
  command.usage.forEach((usage, i) => lines.push(`${i === 0 ? 'Usage: ' : '       '}pinterest-tag ${command.name} ${usage}`.trimEnd()));
  if (command.optionHelp.length > 0) lines.push('', 'Options:', ...command.optionHelp);
  lines.push('', 'Common options:', ...commonHelp(command.common));
  if (command.notes) for (const note of command.notes) lines.push('', note);
  lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  lines.push('', 'Exit codes: 0 done, 1 the operation failed, 2 usage or validation error, 130 interrupted (Ctrl-C).');
  return lines.join('\n');
}
