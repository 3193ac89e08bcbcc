/**
 * @mistralai/mistralai from ES module consumer processes, against the built package and the real
 * SDK: `autoInstrument('mistral')` before and after the SDK is loaded (its `./sdk/chat.js`
 * subpath is reached either way), a plain and a streamed chat, one LLM span each with usage.
 * ESM only: the SDK ships no CommonJS build, and this repository does not rely on `require(esm)`
 * (unflagged only from Node 20.19) for it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runConsumer } from '../../helpers/consumer.js';
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

describe('@mistralai/mistralai consumers (ESM, built package)', () => {
  let server: FakeMistralServer;
  before(async () => {
    server = await startFakeMistral();
  });
  after(() => server.close());

  for (const when of ['before', 'after'] as const) {
    it(`autoInstrument ${when} the SDK is loaded (esm)`, async () => {
      const imports =
        when === 'after' ? { nt: 'noveum-trace', mistral: '@mistralai/mistralai' } : { nt: 'noveum-trace' };
      const load = when === 'after' ? '' : `const mistral = await import('@mistralai/mistralai');`;
      const run = await runConsumer('esm', body(server.url, load), { imports });
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
});
