/**
 * The public surface of the built package, checked in as surface.json so that every added or
 * removed runtime export is a visible diff in review (HOUSE_STYLE rules 23, 24).
 *
 * To accept a surface change: `UPDATE_SURFACE=1 npm test -- exports`
 * (or, with dist/ already built, `UPDATE_SURFACE=1 node scripts/run-tests.mjs exports`).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { runConsumer } from '../../helpers/consumer.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const SURFACE_FILE = join(import.meta.dirname, 'surface.json');
const UPDATE = process.env.UPDATE_SURFACE === '1';

type Surface = Record<string, string[]>;
type Conditions = Record<string, unknown>;

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, string | Conditions>;
};

/** Subpaths that load JavaScript (everything but ./package.json). */
const CODE_SUBPATHS = Object.keys(pkg.exports).filter((s) => !s.endsWith('.json'));

function specifier(subpath: string): string {
  return subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
}

/** Sorted runtime export names of every code subpath, as seen by `require` or by `import`. */
async function builtSurface(format: 'esm' | 'cjs'): Promise<Surface> {
  const body = CODE_SUBPATHS.map((subpath) => {
    const spec = JSON.stringify(specifier(subpath));
    const load = format === 'esm' ? `await import(${spec})` : `require(${spec})`;
    return `surface[${JSON.stringify(subpath)}] = Object.keys(${load}).filter((k) => k !== 'default' && k !== '__esModule').sort();`;
  });
  const run = await runConsumer(format, `const surface = {};\n${body.join('\n')}\nreport(surface);`, { imports: {} });
  assert.equal(run.code, 0, run.stderr);
  return run.reports[0] as Surface;
}

function conditionTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(conditionTargets);
}

function assertTypesFirst(where: string, conditions: Conditions): void {
  const keys = Object.keys(conditions);
  if (keys.includes('types')) assert.equal(keys[0], 'types', `${where}: "types" must be the first condition`);
}

describe('the package exports map', () => {
  it('has no wildcard subpaths or targets and never exposes internal/', () => {
    for (const [subpath, value] of Object.entries(pkg.exports)) {
      assert.ok(!subpath.includes('*'), `wildcard subpath ${subpath}`);
      for (const target of conditionTargets(value)) {
        assert.ok(!target.includes('*'), `wildcard target ${target} in ${subpath}`);
        assert.ok(!/\/internal\//.test(target), `${subpath} exposes internal code: ${target}`);
      }
    }
  });

  it('gives every code subpath import and require conditions, each with types listed first', () => {
    for (const subpath of CODE_SUBPATHS) {
      const entry = pkg.exports[subpath];
      assert.ok(entry !== undefined && typeof entry === 'object', `${subpath} must be a conditions object`);
      assertTypesFirst(subpath, entry);
      for (const condition of ['import', 'require']) {
        const branch = entry[condition];
        assert.ok(branch !== undefined, `${subpath} has no "${condition}" condition`);
        if (typeof branch === 'object' && branch !== null) {
          assertTypesFirst(`${subpath} → ${condition}`, branch as Conditions);
          assert.ok('types' in branch || 'types' in entry, `${subpath} → ${condition} has no types`);
        } else {
          assert.ok('types' in entry, `${subpath} has no types for ${condition}`);
        }
      }
    }
  });

  it('points only at files that the build produced', () => {
    for (const [subpath, value] of Object.entries(pkg.exports)) {
      for (const target of conditionTargets(value)) {
        assert.ok(existsSync(join(ROOT, target)), `${subpath} → ${target} does not exist (run npm run build)`);
      }
    }
  });
});

describe('the runtime export surface', () => {
  it('is the same list through require and import, and matches test/unit/package/surface.json', async () => {
    const [esm, cjs] = await Promise.all([builtSurface('esm'), builtSurface('cjs')]);
    assert.deepEqual(cjs, esm, 'require() and import() expose different names');
    if (UPDATE) {
      writeFileSync(SURFACE_FILE, JSON.stringify(esm, null, 2) + '\n');
      return;
    }
    const expected = JSON.parse(readFileSync(SURFACE_FILE, 'utf8')) as Surface;
    // Reported as added/removed names per subpath, so the failure reads like the review diff.
    const changes: Record<string, { added: string[]; removed: string[] }> = {};
    for (const subpath of new Set([...Object.keys(esm), ...Object.keys(expected)])) {
      const now = esm[subpath] ?? [];
      const before = expected[subpath] ?? [];
      const added = now.filter((n) => !before.includes(n));
      const removed = before.filter((n) => !now.includes(n));
      if (added.length > 0 || removed.length > 0) changes[subpath] = { added, removed };
    }
    assert.deepEqual(
      changes,
      {},
      'the public surface changed; if intended, run `UPDATE_SURFACE=1 npm test -- exports` and commit surface.json'
    );
  });

  it('matches the names src/index.ts exports, so dist is not stale', async () => {
    const source = Object.keys(await import('../../../src/index.js')).sort();
    const built = await builtSurface('esm');
    assert.deepEqual(built['.'], source, 'dist/ differs from src/index.ts: run `npm run build`');
  });
});
