import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * Dependencies between the rooms of lib/ point one way (see lib/vocabulary/README.md). The edges
 * are read from every import, export-from, require() and import() of each file, as TypeScript's
 * own pre-processor finds them, so a comment or a string that merely looks like an import does not count.
 */
const LIB = resolve(__dirname, '../../lib');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The room of a file under lib/: its first folder (`lib/reasons.ts` is its own room, `reasons.ts`). */
function roomOf(path: string): string {
  return relative(LIB, path).split(sep)[0] as string;
}

interface Edge {
  from: string;
  to: string;
  file: string;
  specifier: string;
}

function importEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const file of sourceFiles(LIB)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName: specifier } of info.importedFiles) {
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dirname(file), specifier);
      if (!target.startsWith(LIB + sep)) continue;
      const from = roomOf(file);
      const to = roomOf(target);
      if (from !== to) edges.push({ from, to, file: relative(LIB, file), specifier });
    }
  }
  return edges;
}

const edges = importEdges();
const describeEdges = (list: Edge[]) => list.map((e) => `lib/${e.file} imports ${e.specifier}`);

describe('room dependencies in lib/', () => {
  it('finds the import edges it checks (the scan itself works)', () => {
    expect(edges.some((e) => e.from === 'settings' && e.to === 'vocabulary')).toBe(true);
    expect(edges.some((e) => e.from === 'pinterest' && e.to === 'vocabulary')).toBe(true);
    expect(edges.some((e) => e.from === 'pinterest' && e.to === 'settings')).toBe(true);
  });

  it('lib/settings never imports lib/pinterest (the shared vocabulary is in lib/vocabulary)', () => {
    expect(describeEdges(edges.filter((e) => e.from === 'settings' && e.to === 'pinterest'))).toEqual([]);
  });

  it('lib/vocabulary imports no other room', () => {
    expect(describeEdges(edges.filter((e) => e.from === 'vocabulary'))).toEqual([]);
  });

  it('no two rooms import each other', () => {
    const pairs = new Set(edges.map((e) => `${e.from}>${e.to}`));
    const mutual = edges.filter((e) => pairs.has(`${e.to}>${e.from}`));
    expect(describeEdges(mutual)).toEqual([]);
  });
});
