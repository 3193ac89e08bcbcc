/**
 * @google/genai from consumer processes, ES module and CommonJS, against the built package and
 * the real SDK: `autoInstrument('google-genai')` before and after the SDK is loaded, a plain and a
 * streamed call, one LLM span each with usage.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FORMATS, runConsumer, type ModuleFormat } from '../../helpers/consumer.js';
import { startFakeGemini, type FakeGeminiServer } from '../../fixtures/servers/gemini-server.js';

const body = (url: string, load: string) => `
const exporter = new nt.InMemoryExporter();
nt.init({ project: 'gemini-app', exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
nt.autoInstrument('google-genai');
${load}
const ai = new genai.GoogleGenAI({ apiKey: 'gemini-test-key', httpOptions: { baseUrl: ${JSON.stringify(url)} } });
const res = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hello' });
const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash@chunks=2', contents: 'Hi' });
for await (const _ of stream) void _;
await nt.getClient().forceFlush();
const spans = exporter.getFinishedSpans().filter((s) => s.attributes['noveum.span_type'] === 'llm');
report({ text: res.text, spans: spans.map((s) => ({ name: s.name, input: s.attributes['llm.input_tokens'] })) });
`;

const LOAD_LATER: Record<ModuleFormat, string> = {
  esm: `const genai = await import('@google/genai');`,
  cjs: `const genai = require('@google/genai');`,
};

describe('@google/genai consumers (ESM and CommonJS, built package)', () => {
  let server: FakeGeminiServer;
  before(async () => {
    server = await startFakeGemini();
  });
  after(() => server.close());

  for (const format of FORMATS) {
    for (const when of ['before', 'after'] as const) {
      it(`autoInstrument ${when} the SDK is loaded (${format})`, async () => {
        const imports = when === 'after' ? { nt: 'noveum-trace', genai: '@google/genai' } : { nt: 'noveum-trace' };
        const run = await runConsumer(format, body(server.url, when === 'after' ? '' : LOAD_LATER[format]), {
          imports,
        });
        assert.equal(run.code, 0, run.stderr);
        const result = run.reports.at(-1) as { text: string; spans: Array<{ name: string; input: number }> };
        assert.equal(result.text, 'Echo: Hello');
        assert.deepEqual(
          result.spans.map((s) => s.name),
          ['chat gemini-2.5-flash', 'chat gemini-2.5-flash@chunks=2']
        );
        assert.ok(
          result.spans.every((s) => s.input > 0),
          'usage recorded'
        );
      });
    }
  }
});
