/**
 * `init({ autoInstrument: true })` instruments every supported library installed, but must not
 * load the ones the app never imports: reaching an ES module copy through `require(esm)` loads
 * it when it was not loaded, and with the frameworks installed here that cost seconds at start-up.
 * The child lists the scripts V8 parsed (through the inspector) after `init`, then imports one
 * library and checks that the import hook still traces it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeMistral, type FakeMistralServer } from '../../fixtures/servers/mistral-server.js';
import { FORMATS, runConsumer, type ModuleFormat } from '../../helpers/consumer.js';

const FRAMEWORKS = [
  '/llamaindex/',
  '/@llamaindex/',
  '/@langchain/',
  '/@openai/agents',
  '/@mistralai/',
  '/@google/genai/',
];

const body = (url: string, load: string) => `
const inspector = await import('node:inspector');
function loadedPackages() {
  const session = new inspector.Session();
  session.connect();
  const urls = [];
  session.on('Debugger.scriptParsed', (m) => urls.push(m.params.url));
  session.post('Debugger.enable');
  session.post('Debugger.disable');
  session.disconnect();
  return ${JSON.stringify(FRAMEWORKS)}.filter((p) => urls.some((u) => u.includes('/node_modules' + p)));
}
const exporter = new nt.InMemoryExporter();
const discovered = nt.init({ project: 'lean-start', exporter: 'none', processors: [new nt.SimpleProcessor(exporter)], autoInstrument: true });
const loadedAfterInit = loadedPackages();
${load}
const client = new mistral.Mistral({ apiKey: 'mistral-test-key', serverURL: ${JSON.stringify(url)} });
await client.chat.complete({ model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Hello' }] });
await nt.getClient().forceFlush();
report({
  loadedAfterInit,
  spans: exporter.getFinishedSpans().filter((s) => s.attributes['noveum.span_type'] === 'llm').map((s) => s.name),
});
`;

const LOAD: Record<ModuleFormat, string> = {
  esm: `const mistral = await import('@mistralai/mistralai');`,
  cjs: `const mistral = require('@mistralai/mistralai');`,
};

const REQUIRE_ESM = (process.features as { require_module?: boolean }).require_module === true;

describe('init({ autoInstrument: true }) leaves unused libraries unloaded', () => {
  let server: FakeMistralServer;
  before(async () => {
    server = await startFakeMistral();
  });
  after(() => server.close());

  for (const format of FORMATS) {
    it(
      `loads none of the installed frameworks the app did not import, and still traces one imported later (${format})`,
      {
        skip: format === 'cjs' && !REQUIRE_ESM ? 'this Node has no require(esm) for the ESM-only SDK' : false,
      },
      async () => {
        const result = await runConsumer(format, body(server.url, LOAD[format]), { timeoutMs: 60_000 });
        assert.equal(result.code, 0, result.stderr);
        assert.deepEqual(result.reports, [{ loadedAfterInit: [], spans: ['chat mistral-small-latest'] }]);
      }
    );
  }
});
