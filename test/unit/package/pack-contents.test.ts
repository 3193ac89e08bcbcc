/**
 * What an npm user gets: the files `npm pack` would publish, read as the user reads them. Every
 * relative link in a shipped Markdown page opens a shipped file; a repository file the pages
 * mention (a test, a benchmark) is a link to the repository named in package.json, and that file
 * exists; and every source map in the package resolves, so no map points at `src/`, which is not
 * shipped.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize, posix, resolve } from 'node:path';
import { before, describe, it } from 'node:test';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  repository?: { url?: string };
};

/** `https://github.com/owner/name`, from package.json's `repository`. */
const REPO = (pkg.repository?.url ?? '').replace(/^git\+/, '').replace(/\.git$/, '');

/** Top-level repository folders that are not published; naming one in a page needs a repository link. */
const REPO_ONLY_DIRS = ['test', 'src', 'bench', 'scripts', 'examples'];

/** Markdown links `[text](target)` outside fenced code blocks, with the line they are on. */
function markdownLinks(markdown: string): Array<{ target: string; line: number }> {
  const out: Array<{ target: string; line: number }> = [];
  let fenced = false;
  markdown.split('\n').forEach((text, i) => {
    if (text.trimStart().startsWith('```')) fenced = !fenced;
    if (fenced) return;
    for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) out.push({ target: m[1]!, line: i + 1 });
  });
  return out;
}

/** Code spans naming a repository-only path that are not the text of a link to the repository. */
function bareRepoPaths(markdown: string): string[] {
  const prefixes = REPO_ONLY_DIRS.join('|');
  const withoutRepoLinks = markdown
    .replace(/^```[\s\S]*?^```/gm, '')
    .replaceAll(new RegExp(`\\[[^\\]]*\\]\\(${REPO.replaceAll('.', '\\.')}/[^)]*\\)`, 'g'), '');
  return [...withoutRepoLinks.matchAll(new RegExp(`\`((?:${prefixes})/[^\`\\s]*)\``, 'g'))].map((m) => m[1]!);
}

describe('the published package', () => {
  let files: Set<string>;
  before(() => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const [packed] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
    files = new Set(packed!.files.map((f) => f.path));
  });
  const shipped = (ext: string) => [...files].filter((f) => f.endsWith(ext)).sort();

  it('names its repository, and ships README.md and its docs', () => {
    assert.match(REPO, /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
    assert.ok(files.has('README.md'));
    assert.ok(
      shipped('.md').some((f) => f.startsWith('docs/')),
      'docs/ is shipped'
    );
  });

  it('every relative link in a shipped page opens a shipped file', () => {
    const broken: string[] = [];
    for (const page of shipped('.md')) {
      for (const { target, line } of markdownLinks(readFileSync(join(ROOT, page), 'utf8'))) {
        if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
        const path = posix.normalize(posix.join(posix.dirname(page), decodeURI(target.split('#')[0]!)));
        if (!files.has(path)) broken.push(`${page}:${line} → ${target}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it("every link into the repository uses package.json's repository and names a file that exists", () => {
    const bad: string[] = [];
    for (const page of shipped('.md')) {
      for (const { target, line } of markdownLinks(readFileSync(join(ROOT, page), 'utf8'))) {
        // Any link to this project's repository, however spelled, must use package.json's URL.
        if (!/^https:\/\/github\.com\/noveum\/noveum-trace/i.test(target)) continue;
        const m = target.startsWith(`${REPO}/`)
          ? /^\/(?:blob|tree)\/main\/([^#]+)/.exec(target.slice(REPO.length))
          : null;
        if (m === null || !existsSync(join(ROOT, normalize(decodeURI(m[1]!))))) bad.push(`${page}:${line} → ${target}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('no shipped page names a repository-only path without linking it', () => {
    // CHANGELOG.md is exempt: its Internal entries are about the repository itself, by nature.
    const pages = shipped('.md').filter((page) => page !== 'CHANGELOG.md');
    const bare = pages.flatMap((page) =>
      bareRepoPaths(readFileSync(join(ROOT, page), 'utf8')).map((p) => `${page}: ${p}`)
    );
    assert.deepEqual(bare, []);
  });

  it('every sourceMappingURL opens a shipped map, and every map source is shipped or embedded', () => {
    const unresolved: string[] = [];
    for (const file of [...shipped('.js'), ...shipped('.d.ts'), ...shipped('.cjs'), ...shipped('.mjs')]) {
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(ROOT, file), 'utf8'))?.[1];
      if (url === undefined || url.startsWith('data:')) continue;
      if (!files.has(posix.join(posix.dirname(file), url))) unresolved.push(`${file} → ${url}`);
    }
    for (const map of shipped('.map')) {
      const {
        sources = [],
        sourcesContent = [],
        sourceRoot = '',
      } = JSON.parse(readFileSync(join(ROOT, map), 'utf8')) as {
        sources?: string[];
        sourcesContent?: Array<string | null>;
        sourceRoot?: string;
      };
      sources.forEach((source, i) => {
        const path = posix.normalize(posix.join(posix.dirname(map), sourceRoot, source));
        if (!files.has(path) && typeof sourcesContent[i] !== 'string') unresolved.push(`${map} → ${source}`);
      });
    }
    assert.deepEqual(unresolved, []);
  });
});
