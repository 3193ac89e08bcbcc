/**
 * Importing the package must do nothing (HOUSE_STYLE rule 6): no timers or handles, no process
 * listeners, no patched modules or globals, no NOVEUM_* environment reads, no output. This is what keeps
 * `"sideEffects": false` in package.json truthful.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FORMATS, runConsumer } from '../../helpers/consumer.js';

// Runs before the package is loaded, records the observable process state, loads it, compares.
function scenario(load: string): string {
  return `
  const http = require('node:http');
  const https = require('node:https');
  const Module = require('node:module');
  const EVENTS = ['exit', 'beforeExit', 'uncaughtException', 'unhandledRejection', 'SIGINT', 'SIGTERM', 'warning'];
  const envReads = [];
  const realEnv = process.env;
  process.env = new Proxy(realEnv, {
    get(target, key) {
      if (typeof key === 'string' && key.startsWith('NOVEUM')) envReads.push(key);
      return target[key];
    },
  });
  // Unref'd timers do not show in getActiveResourcesInfo(), so count timer calls directly.
  const timerCalls = [];
  for (const name of ['setTimeout', 'setInterval', 'setImmediate']) {
    const original = globalThis[name];
    globalThis[name] = function (...args) { timerCalls.push(name); return original.apply(this, args); };
  }
  const snapshot = () => ({
    listeners: EVENTS.map((e) => e + ':' + process.listenerCount(e)),
    resources: process.getActiveResourcesInfo().sort(),
    patched: [http.request, http.get, https.request, https.get, Module.prototype.require, Module._load, globalThis.fetch, Promise.prototype.then, setTimeout],
    globals: Object.getOwnPropertyNames(globalThis).concat(Object.getOwnPropertySymbols(globalThis).map(String)).sort(),
  });
  const before = snapshot();
  const nt = ${load};
  const after = snapshot();
  process.env = realEnv;
  report({
    loaded: typeof nt.init === 'function',
    listenersSame: JSON.stringify(before.listeners) === JSON.stringify(after.listeners) || [before.listeners, after.listeners],
    resourcesSame: JSON.stringify(before.resources) === JSON.stringify(after.resources) || [before.resources, after.resources],
    unpatched: before.patched.map((fn, i) => fn === after.patched[i]),
    newGlobals: after.globals.filter((g) => !before.globals.includes(g)),
    envReads,
    timerCalls,
  });
  `;
}

describe('importing noveum-trace', () => {
  for (const format of FORMATS) {
    it(`from ${format} starts nothing, patches nothing and reads no NOVEUM_* variable`, async () => {
      // The middleware entries too (their frameworks are never loaded); the package entry last, for `nt`.
      const entries = ['express', 'fastify', 'hono', 'next'].map((e) => `noveum-trace/${e}`).concat('noveum-trace');
      const load = `(${entries.map((e) => (format === 'esm' ? `await import('${e}')` : `require('${e}')`)).join(', ')})`;
      const prelude =
        format === 'esm'
          ? `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n`
          : '';
      const run = await runConsumer(format, prelude + scenario(load), {
        imports: {},
        env: { NOVEUM_API_KEY: 'nv_side_effect_probe', NOVEUM_DEBUG: '1' },
      });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, '', 'importing printed to stderr');
      assert.deepEqual(run.reports[0], {
        loaded: true,
        listenersSame: true,
        resourcesSame: true,
        unpatched: [true, true, true, true, true, true, true, true, true],
        // The one allowed global: the non-enumerable Symbol.for slot that lets the ESM and CJS copies
        // share the AsyncLocalStorage and the client (src/internal/global.ts). It holds no handles.
        newGlobals: ['Symbol(noveum-trace.global.v0)'],
        envReads: [],
        timerCalls: [],
      });
    });
  }
});
