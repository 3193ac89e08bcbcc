/**
 * @mistralai/mistralai from consumer processes against the built package and the real SDK:
 * `autoInstrument('mistral')` before and after the SDK is loaded (its `./sdk/chat.js` subpath is
 * reached either way), a plain and a streamed chat, one LLM span each with usage. The SDK is
 * ESM-only: a CommonJS app loads it through `require(esm)` (Node >= 20.19, unflagged), so the
 * CommonJS runs need that and are skipped where the running Node lacks it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FORMATS, runConsumer, type ModuleFormat } from '../../helpers/consumer.js';
import { startFakeMistral, type FakeMistralServer } from '../../fixtures/servers/mistral-server.js';

const body = (url: string, load: string) => `
const exporter = new nt.InMemoryExporter();
nt.init({ project: 'mistral-app', exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
nt.autoInstrument('mistral');
${load}
const client = new mistral.Mistral({ apiKey: 'mistral-test-key', serverURL: ${JSON.stringify(url)} });
const messages = [{ role: 'user', content: 'Hello' }];
const res = await client.chat.complete({ model: 'mistral-small-latest', messages });
const stream = await client.chat.stream({ model: 'mistral-small-latest@chunks=2', messages });
for await (const _ of stream) void _;
await nt.getClient().forceFlush();
const spans = exporter.getFinishedSpans().filter((s) => s.attributes['noveum.span_type'] === 'llm');
report({ text: res.choices[0].message.content, spans: spans.map((s) => ({ name: s.name, input: s.attributes['llm.input_tokens'] })) });
`;

const REQUIRE_ESM = (process.features as { require_module?: boolean }).require_module === true;

const LOAD_LATER: Record<ModuleFormat, string> = {
  esm: `const mistral = await import('@mistralai/mistralai');`,
  cjs: `const mistral = require('@mistralai/mistralai');`,
};

describe('@mistralai/mistralai consumers (ESM, and CommonJS through require(esm), built package)', () => {
  let server: FakeMistralServer;
  before(async () => {
    server = await startFakeMistral();
  });
  after(() => server.close());

  for (const format of FORMATS) {
    for (const when of ['before', 'after'] as const) {
      const skip = format === 'cjs' && !REQUIRE_ESM ? 'this Node has no require(esm)' : false;
      it(`autoInstrument ${when} the SDK is loaded (${format})`, { skip }, async () => {
        const imports =
          when === 'after' ? { nt: 'noveum-trace', mistral: '@mistralai/mistralai' } : { nt: 'noveum-trace' };
        const run = await runConsumer(format, body(server.url, when === 'after' ? '' : LOAD_LATER[format]), {
          imports,
        });
        assert.equal(run.code, 0, run.stderr);
        const result = run.reports.at(-1) as { text: string; spans: Array<{ name: string; input: number }> };
        assert.equal(result.text, 'Echo: Hello');
        assert.deepEqual(
          result.spans.map((s) => s.name),
          ['chat mistral-small-latest', 'chat mistral-small-latest@chunks=2']
        );
        assert.ok(
          result.spans.every((s) => s.input > 0),
          'usage recorded'
        );
      });
    }
  }
});
