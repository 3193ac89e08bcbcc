/**
 * Subpath modules (`@langchain/core/callbacks/manager`, `@mistralai/mistralai/sdk/chat.js`): a
 * copy already loaded is found like a package's main entry, with the package directory (for the
 * version check). Exercised with the real `openai` package's `openai/streaming` subpath.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { sep } from 'node:path';
import { describe, it } from 'node:test';
import { loadSiblingModule, settleLoadedCopies, visitLoadedCopies } from '../../../src/instrumentation/hooks.js';

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

  it('reaches a sibling subpath of the same copy in each module format (what LangChain entries need)', () => {
    const require = createRequire(import.meta.url);
    const prompts = require('@langchain/core/prompts') as object;
    const dir = visitedDir('@langchain/core/prompts');
    const cjs = loadSiblingModule('@langchain/core/callbacks/manager', dir, 'cjs') as { CallbackManager?: unknown };
    assert.equal(cjs, require('@langchain/core/callbacks/manager'), 'the cached CommonJS instance');
    const esm = loadSiblingModule('@langchain/core/callbacks/manager', dir, 'esm') as { CallbackManager?: unknown };
    assert.equal(typeof esm.CallbackManager, 'function');
    assert.notEqual(esm.CallbackManager, cjs.CallbackManager, 'the ES module copy has its own class');
    assert.ok(prompts);
  });

  it('finds the ESM copy of a subpath reached through an exports pattern ("./*.js")', async () => {
    // @mistralai/mistralai is ESM-only; its main entry does not export Chat, the subpath module does.
    const { Mistral } = await import('@mistralai/mistralai');
    const Chat = (new Mistral({ apiKey: 'k' }).chat as object).constructor;
    const seen: unknown[] = [];
    visitLoadedCopies('@mistralai/mistralai/sdk/chat.js', (exports) => seen.push(exports));
    await settleLoadedCopies();
    assert.ok(
      seen.some((e) => (e as { Chat?: unknown }).Chat === Chat),
      'the namespace holding the Chat class the app uses'
    );
  });

  it('picks the import target Node picks for a conditional exports entry (node before import)', async () => {
    // @google/genai lists `node: { import: dist/node/index.mjs }` before a top-level `import`.
    const genai = await import('@google/genai');
    const seen: unknown[] = [];
    visitLoadedCopies('@google/genai', (exports) => seen.push(exports));
    await settleLoadedCopies();
    assert.ok(
      seen.some((e) => (e as { Models?: unknown }).Models === genai.Models),
      'the copy the app imported'
    );
  });
});

function visitedDir(name: string): string {
  let dir: string | undefined;
  visitLoadedCopies(name, (_exports, packageDir) => (dir ??= packageDir));
  assert.ok(dir !== undefined, `${name} was found loaded`);
  return dir;
}
