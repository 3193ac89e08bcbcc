import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

// The standard-decorator half of test/types runs in `npm run typecheck` (the root tsconfig
// includes test/types); the legacy half needs its own compiler options, so it runs here.
describe('the decorator type tests', () => {
  it('compile with experimentalDecorators, every @ts-expect-error still an error', () => {
    const run = spawnSync(process.execPath, [TSC, '-p', 'test/types/legacy/tsconfig.json', '--noEmit'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });
});
