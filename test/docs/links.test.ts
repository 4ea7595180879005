import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The README and docs/ are what a newcomer has. These checks keep them navigable: every relative
// link resolves inside the repository, nothing points at files outside it or at issue numbers, and
// the README stays one short page that links to the rest.

const ROOT = resolve(__dirname, '../..');
const DOCS = join(ROOT, 'docs');
const pages = ['README.md', ...readdirSync(DOCS).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];

interface Link {
  page: string;
  target: string;
  line: number;
}

/** Markdown links `[text](target)` outside code fences and inline code. */
function linksOf(page: string): Link[] {
  const links: Link[] = [];
  let inFence = false;
  readFileSync(join(ROOT, page), 'utf8')
    .split('\n')
    .forEach((text, index) => {
      if (text.startsWith('```')) inFence = !inFence;
      if (inFence) return;
      const withoutCode = text.replace(/`[^`]*`/g, '');
      for (const match of withoutCode.matchAll(/\]\(([^)\s]+)\)/g)) links.push({ page, target: match[1] ?? '', line: index + 1 });
    });
  return links;
}

describe('README and docs', () => {
  test('the README fits in 200 lines and links to every docs page', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(200);
    const linked = new Set(linksOf('README.md').map((l) => l.target.split('#')[0]));
    const unlinked = pages.filter((p) => p.startsWith('docs/') && p !== 'docs/README.md' && !linked.has(p));
    expect(unlinked).toEqual([]);
  });

  test('every relative link resolves to a file inside the repository', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const link of linksOf(page)) {
        if (/^[a-z]+:/i.test(link.target) || link.target.startsWith('#')) continue;
        const path = resolve(ROOT, dirname(page), decodeURIComponent(link.target.split('#')[0] ?? ''));
        const inside = !relative(ROOT, path).startsWith('..');
        if (!inside || !existsSync(path)) broken.push(`${link.page}:${link.line} -> ${link.target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('no page points outside the repository or at issue numbers', () => {
    const offenders: string[] = [];
    for (const page of pages) {
      readFileSync(join(ROOT, page), 'utf8')
        .split('\n')
        .forEach((text, index) => {
          if (/\.\.\/shared\/|\bshared\/(design|seed|reference)\//.test(text) || /\bissue #?\d+\b/i.test(text)) offenders.push(`${page}:${index + 1}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
