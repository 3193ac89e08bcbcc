/**
 * Every instrumented library is an optional peer dependency of the package, with exactly the
 * version range its integration supports, so package.json and the integration cannot drift
 * (HOUSE_STYLE rule 5): npm then warns a user whose installed version would be left untraced.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { supportedRangeOf } from '../../../src/instrumentation/patcher.js';
import { DEFINITIONS } from '../../../src/instrumentation/registry.js';
import { MIDDLEWARE_PEERS } from '../../../src/middleware/supported-versions.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

/** The npm package of a hooked module name (`@langchain/core/tools` → `@langchain/core`). */
function packageOf(name: string): string {
  return name
    .split('/')
    .slice(0, name.startsWith('@') ? 2 : 1)
    .join('/');
}

describe('package.json peer dependencies', () => {
  // A hooked subpath (`@llamaindex/core/llms`) is its package; each package has one range.
  const libraries = [
    ...new Map(
      Object.values(DEFINITIONS).flatMap((def) =>
        def.moduleNames.map((m) => {
          const name = packageOf(m);
          return [name, { name, range: supportedRangeOf(def, name) as string }] as const;
        })
      )
    ).values(),
    // Server frameworks of the middleware entries (noveum-trace/express, …).
    ...Object.entries(MIDDLEWARE_PEERS).map(([name, range]) => ({ name, range: range as string })),
  ];

  it("lists each instrumented library with its integration's supported range, as optional", () => {
    const expected = Object.fromEntries(libraries.map((l) => [l.name, l.range]));
    assert.deepEqual(pkg.peerDependencies, expected);
    for (const { name } of libraries)
      assert.deepEqual(pkg.peerDependenciesMeta?.[name], { optional: true }, `${name} is an optional peer`);
  });

  it('never makes an instrumented library a runtime dependency', () => {
    for (const { name } of libraries) assert.equal(pkg.dependencies?.[name], undefined, name);
  });
});
