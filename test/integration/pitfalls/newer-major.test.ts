/**
 * Peer pitfall 9 ("hooking a newer SDK major throws at require time"): a peer's range had no
 * upper bound, so its hook patched a class that no longer existed and the app's own `require`
 * crashed. Here a consumer process (built package) turns on `autoInstrument('openai')` and then
 * loads a fake `openai` 8.0.0 whose shape has changed, with `require` and with `import`, both
 * before and after the call: loading never throws, the client works untouched, one warning names
 * the version, and no span is made. A same-major copy whose resources throw when touched is
 * left alone as well.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runNodeFile } from '../../helpers/consumer.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const DIR = join(ROOT, 'test', '.tmp', `newer-major-${process.pid}`);

/** A fake `openai` package under DIR/<name>/node_modules/openai, CommonJS with an ESM wrapper. */
function fakeOpenAI(name: string, version: string, body: string): string {
  const base = join(DIR, name);
  const pkg = join(base, 'node_modules', 'openai');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({
      name: 'openai',
      version,
      main: 'index.js',
      exports: { '.': { import: './index.mjs', require: './index.js' } },
    })
  );
  writeFileSync(
    join(pkg, 'index.js'),
    `${body}\nmodule.exports = OpenAI;\nmodule.exports.OpenAI = OpenAI;\nmodule.exports.default = OpenAI;\n`
  );
  writeFileSync(
    join(pkg, 'index.mjs'),
    `import OpenAI from './index.js';\nexport default OpenAI;\nexport { OpenAI };\n`
  );
  return base;
}

// openai 8 (imagined): resources are plain objects made per client, no static Chat class.
const V8 = `class OpenAI {
  constructor() { this.chat = { completions: { create: async (p) => ({ echoed: p.messages[0].content }) } }; }
}`;
// Same major as supported, but touching its static resources throws.
const HOSTILE = `class OpenAI {
  constructor() { this.chat = { completions: { create: async (p) => ({ echoed: p.messages[0].content }) } }; }
  static get Chat() { throw new Error('do not touch'); }
}`;

/** The scenario: the package loaded before autoInstrument (CJS), then after it (CJS and ESM). */
const SCENARIO = `
import { createRequire } from 'node:module';
import * as nt from 'noveum-trace';
const require = createRequire(import.meta.url);
const out = (v) => process.stdout.write('@@REPORT ' + JSON.stringify(v) + '\\n');
const exporter = new nt.InMemoryExporter();
nt.init({ exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
const early = require('openai');
out(nt.autoInstrument('openai'));
const late = require('openai');
const esm = await import('openai');
for (const OpenAI of [early, late, esm.default]) {
  out((await new OpenAI().chat.completions.create({ messages: [{ content: 'hi' }] })).echoed);
}
await nt.flush();
out(exporter.getFinishedSpans().length);
`;

describe('autoInstrument with an openai it does not know', () => {
  before(() => mkdirSync(DIR, { recursive: true }));
  after(() => rmSync(DIR, { recursive: true, force: true }));

  for (const [label, version, body, warning] of [
    ['a newer major (8.0.0) with another shape', '8.0.0', V8, /openai@8\.0\.0 is outside the supported range/],
    [
      'a supported major whose resources throw when touched',
      '7.99.0',
      HOSTILE,
      /openai@7\.99\.0 module does not export the expected client class/,
    ],
  ] as const) {
    it(`loads ${label} without throwing, leaves it working and untraced, and warns once`, async () => {
      const base = fakeOpenAI(label.replace(/\W+/g, '-'), version, body);
      const file = join(base, 'scenario.mjs');
      writeFileSync(file, SCENARIO);
      const run = await runNodeFile(file, { timeoutMs: 20_000 });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(run.reports, [true, 'hi', 'hi', 'hi', 0]);
      const warnings = run.stderr.split('\n').filter((l) => l.includes('warn'));
      assert.equal(warnings.length, 1, run.stderr);
      assert.match(warnings[0]!, warning);
    });
  }
});
