/**
 * @aws-sdk/client-bedrock-runtime from consumer processes, ES module and CommonJS, against the
 * built package and the real SDK: `autoInstrument('bedrock')` before and after the SDK is loaded,
 * Converse and ConverseStream, one LLM span each with usage.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FORMATS, runConsumer, type ModuleFormat } from '../../helpers/consumer.js';
import { startFakeBedrock, type FakeBedrockServer } from '../../fixtures/servers/bedrock-server.js';

const body = (url: string, load: string) => `
const exporter = new nt.InMemoryExporter();
nt.init({ project: 'bedrock-app', exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
nt.autoInstrument('bedrock');
${load}
const client = new bedrock.BedrockRuntimeClient({
  region: 'us-east-1', endpoint: ${JSON.stringify(url)}, maxAttempts: 1,
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
});
const messages = [{ role: 'user', content: [{ text: 'Hello' }] }];
const res = await client.send(new bedrock.ConverseCommand({ modelId: 'amazon.nova-lite-v1:0', messages }));
const out = await client.send(new bedrock.ConverseStreamCommand({ modelId: 'amazon.nova-lite-v1:0@chunks=2', messages }));
for await (const _ of out.stream) void _;
client.destroy();
await nt.getClient().forceFlush();
const spans = exporter.getFinishedSpans().filter((s) => s.attributes['noveum.span_type'] === 'llm');
report({ text: res.output.message.content[0].text, spans: spans.map((s) => ({ name: s.name, input: s.attributes['llm.input_tokens'] })) });
`;

const LOAD_LATER: Record<ModuleFormat, string> = {
  esm: `const bedrock = await import('@aws-sdk/client-bedrock-runtime');`,
  cjs: `const bedrock = require('@aws-sdk/client-bedrock-runtime');`,
};

describe('@aws-sdk/client-bedrock-runtime consumers (ESM and CommonJS, built package)', () => {
  let server: FakeBedrockServer;
  before(async () => {
    server = await startFakeBedrock();
  });
  after(() => server.close());

  for (const format of FORMATS) {
    for (const when of ['before', 'after'] as const) {
      it(`autoInstrument ${when} the SDK is loaded (${format})`, async () => {
        const imports =
          when === 'after'
            ? { nt: 'noveum-trace', bedrock: '@aws-sdk/client-bedrock-runtime' }
            : { nt: 'noveum-trace' };
        const run = await runConsumer(format, body(server.url, when === 'after' ? '' : LOAD_LATER[format]), {
          imports,
        });
        assert.equal(run.code, 0, run.stderr);
        const result = run.reports.at(-1) as { text: string; spans: Array<{ name: string; input: number }> };
        assert.equal(result.text, 'Echo: Hello');
        assert.deepEqual(
          result.spans.map((s) => s.name),
          ['chat amazon.nova-lite-v1:0', 'chat amazon.nova-lite-v1:0@chunks=2']
        );
        assert.ok(
          result.spans.every((s) => s.input > 0),
          'usage recorded'
        );
      });
    }
  }
});
