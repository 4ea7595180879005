import { closest, distance } from 'fastest-levenshtein';
import { parseArgs } from 'node:util';

/**
 * Command-line flags parsed strictly, with messages a person can act on: an unknown flag gets the
 * closest valid one ("unknown option --dlq; did you mean --dlq-url?"), a missing value names the
 * flag. Node's own parser messages ("To specify a positional argument starting with a '-' …")
 * are never shown. Shared by the operator CLI and `npm run translate`.
 */
export type OptionSpec = { type: 'string' | 'boolean'; short?: string };
export type ParsedValues = Record<string, string | boolean | undefined>;

export class ArgumentError extends Error {
  override name = 'ArgumentError';
}

/** The closest of `candidates` to `word`, when it is close enough to be a likely typo. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  // A flag cut short (--dlq for --dlq-url) is a guess only when one flag starts that way.
  const longer = word.length >= 2 ? candidates.filter((c) => c.startsWith(word)) : [];
  if (longer.length === 1) return longer[0];
  const best = closest(word, [...candidates]);
  // A typo changes a few characters; a word that shares little with every candidate gets no guess.
  return distance(word, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

function unknownOption(arg: string, options: Record<string, OptionSpec>): ArgumentError {
  const name = arg.replace(/^-+/, '').split('=')[0] ?? '';
  const guess = suggest(name, Object.keys(options));
  return new ArgumentError(`unknown option ${arg.split('=')[0]}${guess ? `; did you mean --${guess}?` : ''}`);
}

export function parseCliArgs(
  args: readonly string[],
  options: Record<string, OptionSpec>,
  { allowPositionals = true }: { allowPositionals?: boolean } = {},
): { values: ParsedValues; positionals: string[] } {
  const shorts = new Map(Object.entries(options).flatMap(([name, spec]) => (spec.short ? [[spec.short, name] as const] : [])));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') break;
    if (arg.startsWith('--')) {
      const name = arg.slice(2).split('=')[0] as string;
      const spec = options[name];
      if (!spec) throw unknownOption(arg, options);
      if (spec.type === 'boolean' && arg.includes('=')) throw new ArgumentError(`--${name} is a switch and takes no value`);
      if (spec.type === 'string' && !arg.includes('=')) {
        const value = args[i + 1];
        if (value === undefined || (value.startsWith('-') && value !== '-')) throw new ArgumentError(`--${name} needs a value`);
        i++;
      }
    } else if (arg.startsWith('-') && arg !== '-') {
      const letter = arg.slice(1, 2);
      const name = shorts.get(letter);
      if (!name) throw unknownOption(arg, options);
      if (options[name]?.type === 'string' && arg.length === 2) {
        if (args[i + 1] === undefined) throw new ArgumentError(`-${letter} needs a value`);
        i++;
      }
    } else if (!allowPositionals) {
      throw new ArgumentError(`unexpected argument "${arg}"`);
    }
  }
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, strict: true, allowPositionals });
    return { values: values as ParsedValues, positionals };
  } catch (error) {
    // Whatever the scan above did not foresee: keep Node's message but drop its hint paragraph.
    throw new ArgumentError((error as Error).message.split('. To specify')[0] ?? (error as Error).message);
  }
}
