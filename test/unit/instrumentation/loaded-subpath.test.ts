/**
 * Subpath modules (`@langchain/core/callbacks/manager`, `@mistralai/mistralai/sdk/chat.js`): a
 * copy already loaded is found like a package's main entry, with the package directory (for the
 * version check). Exercised with the real `openai` package's `openai/streaming` subpath.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { sep } from 'node:path';
import { describe, it } from 'node:test';
import { settleLoadedCopies, visitLoadedCopies } from '../../../src/instrumentation/hooks.js';

describe('visitLoadedCopies', () => {
  it('finds an already loaded subpath module of a package, with the package directory', async () => {
    const loaded = createRequire(import.meta.url)('openai/streaming') as { Stream?: unknown };
    const seen: Array<{ exports: unknown; dir: string | undefined }> = [];
    visitLoadedCopies('openai/streaming', (exports, dir) => seen.push({ exports, dir }));
    await settleLoadedCopies();
    const cjs = seen.find((c) => c.exports === loaded);
    assert.ok(cjs, 'the CommonJS copy of openai/streaming was found');
    assert.ok(cjs.dir?.endsWith(`${sep}node_modules${sep}openai`), `package directory: ${cjs.dir}`);
    assert.equal(typeof loaded.Stream, 'function');
  });
});
