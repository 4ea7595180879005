import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * Every regular expression in lib/ and functions/ (the code that sees event data), checked by
 * recheck (https://makenowjust-labs.github.io/recheck/) for super-linear backtracking. recheck
 * runs its pure-JavaScript backend here (RECHECK_BACKEND=pure): no JVM, no native binary, no
 * network. A pattern passes only with a proven `safe` verdict; `vulnerable` and `unknown` (the
 * checker gave up, or the RegExp is built at run time) both fail.
 *
 *   npm run check:redos            # exit 1 and a report when any pattern is not linear
 */
process.env.RECHECK_BACKEND ??= 'pure';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const recheck = require('recheck') as typeof import('recheck');

export interface FoundRegex {
  file: string;
  line: number;
  source: string;
  flags: string;
}

export interface RegexVerdict extends FoundRegex {
  status: 'safe' | 'vulnerable' | 'unknown';
  complexity?: string;
  attack?: string;
}

const SCANNED_ROOTS = ['lib', 'functions'];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Regex literals and `new RegExp('literal', 'flags')` calls; a RegExp built from a non-literal is reported with source `<dynamic>`. */
export function findRegexes(root: string, roots = SCANNED_ROOTS): FoundRegex[] {
  const found: FoundRegex[] = [];
  for (const file of roots.flatMap((r) => tsFiles(join(root, r)))) {
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const where = (node: ts.Node) => ({ file: relative(root, file), line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    const visit = (node: ts.Node): void => {
      if (ts.isRegularExpressionLiteral(node)) {
        const literal = node.text;
        const end = literal.lastIndexOf('/');
        found.push({ ...where(node), source: literal.slice(1, end), flags: literal.slice(end + 1) });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        const [pattern, flags] = node.arguments ?? [];
        const literal = (n: ts.Expression | undefined) => (n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : undefined);
        found.push({ ...where(node), source: literal(pattern) ?? '<dynamic>', flags: literal(flags) ?? '' });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

export function checkRegex(source: string, flags: string): Omit<RegexVerdict, keyof FoundRegex> {
  if (source === '<dynamic>') return { status: 'unknown', complexity: 'a RegExp built at run time cannot be checked' };
  const diagnostics = recheck.checkSync(source, flags, { timeout: 10_000 });
  if (diagnostics.status === 'safe') return { status: 'safe', complexity: diagnostics.complexity.type };
  if (diagnostics.status === 'vulnerable') {
    return { status: 'vulnerable', complexity: diagnostics.complexity.type, attack: diagnostics.attack.pattern };
  }
  return { status: 'unknown', complexity: diagnostics.error.kind };
}

/** `safe` is recheck's proof of at most linear backtracking (complexity `constant`, `linear`, or `safe` from its automaton checker). */
export const isLinear = (verdict: Pick<RegexVerdict, 'status'>): boolean => verdict.status === 'safe';

export function checkAll(root: string): RegexVerdict[] {
  return findRegexes(root).map((found) => ({ ...found, ...checkRegex(found.source, found.flags) }));
}

if (require.main === module) {
  const verdicts = checkAll(join(__dirname, '..'));
  const bad = verdicts.filter((v) => !isLinear(v));
  for (const v of bad) {
    console.error(`${v.file}:${v.line} /${v.source}/${v.flags}: ${v.status} (${v.complexity ?? '?'})${v.attack ? ` attack: ${v.attack}` : ''}`);
  }
  console.log(`check-redos: ${verdicts.length} regular expressions in ${SCANNED_ROOTS.join(', ')}; ${verdicts.length - bad.length} linear, ${bad.length} not`);
  process.exit(bad.length === 0 ? 0 : 1);
}
