/**
 * The OpenAI Agents SDK from consumer processes, ES module and CommonJS, against the built
 * package and the real `@openai/agents` (with its own import installing OpenAI's trace
 * exporter): `autoInstrument` before and after the SDK is loaded, with the `openai` patch on too,
 * a streamed run and a guardrail tripwire. Every socket the process opens is recorded: with an
 * API key set, OpenAI's exporter would send the traces to api.openai.com if it were still there.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FORMATS, runConsumer, type ConsumerResult, type ModuleFormat } from '../../helpers/consumer.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';

const SETUP = `
const hosts = [];
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // net.connect() hands over its normalised [options, callback] pair.
  const o = Array.isArray(args[0]) ? args[0][0] : args[0];
  const host = typeof o === 'object' && o !== null ? String(o.host ?? o.path ?? 'localhost') : String(args[1] ?? 'localhost');
  hosts.push(host);
  // Recorded and refused before any lookup: nothing ever leaves the machine.
  if (host !== '127.0.0.1') return this.destroy(new Error('blocked by the test: ' + host));
  return connect.apply(this, args);
};
const exporter = new nt.InMemoryExporter();
nt.init({ project: 'agents-app', exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
process.on('unhandledRejection', (r) => report({ unhandled: String(r) }));
const tree = async () => {
  await nt.getClient().forceFlush();
  const spans = exporter.getFinishedSpans();
  const ids = new Set(spans.map((s) => s.spanId));
  const lines = [];
  const walk = (parent, depth) => {
    const kids = spans.filter((s) => (ids.has(s.parentSpanId) ? s.parentSpanId : undefined) === parent);
    for (const s of kids.sort((a, b) => a.startTime - b.startTime)) {
      lines.push('  '.repeat(depth) + s.name + ' [' + s.status.code + ']');
      walk(s.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  const llm = spans.filter((s) => s.attributes['noveum.span_type'] === 'llm');
  return { lines, llm: llm.map((s) => [s.attributes['llm.input_tokens'], s.attributes['llm.method']]) };
};
const weather = (agents) => agents.tool({
  name: 'get_weather', description: 'weather', strict: true,
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  execute: async ({ city }) => 'Sunny in ' + city,
});
const finish = async (agents) => {
  // What the SDK does at exit: its processors export now (OpenAI's would connect to api.openai.com).
  await agents.getGlobalTraceProvider().forceFlush();
  report({ hosts: [...new Set(hosts)] });
};
`;

const LOAD = (format: ModuleFormat): string =>
  format === 'esm' ? `const agents = await import('@openai/agents');` : `const agents = require('@openai/agents');`;

const SCENARIOS: Record<string, { imports: Record<string, string>; body: (f: ModuleFormat) => string }> = {
  'autoInstrument before the SDK is loaded, openai patch on, plain and streamed run': {
    imports: { nt: 'noveum-trace', net: 'node:net' },
    body: (format) => `${SETUP}
nt.autoInstrument('openai-agents');
nt.autoInstrument('openai');
${LOAD(format)}
const agent = new agents.Agent({ name: 'Weather', instructions: 'brief', model: 'gpt-4o-mini@tools', tools: [weather(agents)] });
const plain = await agents.run(agent, 'Weather in Paris?');
report({ output: plain.finalOutput, usage: plain.rawResponses.map((r) => r.usage.inputTokens), ...(await tree()) });
exporter.reset();
const streamed = await agents.run(agent, 'Weather in Paris?', { stream: true });
for await (const _ of streamed) void _;
await streamed.completed;
report(await tree());
await finish(agents);`,
  },
  'autoInstrument after the SDK is loaded, guardrail tripwire': {
    imports: { nt: 'noveum-trace', net: 'node:net', agents: '@openai/agents' },
    body: () => `${SETUP}
nt.autoInstrument('openai-agents');
const block = { name: 'block', execute: async () => ({ outputInfo: {}, tripwireTriggered: true }) };
const agent = new agents.Agent({ name: 'Guarded', instructions: 'x', model: 'gpt-4o-mini', inputGuardrails: [block] });
const error = await agents.run(agent, 'hi').catch((e) => e);
await new Promise((resolve) => setImmediate(resolve));
report({ error: error?.constructor?.name, ...(await tree()) });
await finish(agents);`,
  },
};

const TOOL_TREE = [
  'Agent workflow [ok]',
  '  agent.Weather [ok]',
  '    responses gpt-4o-mini@tools [ok]',
  '    tool.get_weather [ok]',
  '    responses gpt-4o-mini@tools [ok]',
];

describe('OpenAI Agents consumers (ESM and CommonJS, built package)', () => {
  let server: FakeOpenAIServer;
  const runs = new Map<string, Promise<ConsumerResult>>();
  before(async () => {
    server = await startFakeOpenAI();
    // The API key makes OpenAI's own exporter try to send if it were still registered.
    const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-test', NODE_ENV: 'production' };
    for (const [title, s] of Object.entries(SCENARIOS))
      for (const format of FORMATS)
        runs.set(`${title}|${format}`, runConsumer(format, s.body(format), { imports: s.imports, env }));
  });
  after(() => server.close());

  const run = async (title: string, format: ModuleFormat): Promise<unknown[]> => {
    const r = await runs.get(`${title}|${format}`)!;
    assert.equal(r.code, 0, r.stderr);
    const hosts = (r.reports.at(-1) as { hosts: string[] }).hosts;
    assert.ok(
      hosts.every((h) => h === '127.0.0.1'),
      `sockets only to 127.0.0.1: ${hosts.join()}`
    );
    assert.ok(!r.reports.some((x) => (x as { unhandled?: unknown }).unhandled !== undefined), r.stdout);
    return r.reports;
  };

  for (const format of FORMATS) {
    it(`${format}: one LLM span per model call with the openai patch on, plain and streamed`, async () => {
      const [plain, streamed] = (await run(Object.keys(SCENARIOS)[0]!, format)) as Array<{
        lines: string[];
        llm: Array<[number, string]>;
        usage?: number[];
      }>;
      assert.deepEqual(plain!.lines, TOOL_TREE);
      assert.ok(plain!.llm.length > 0);
      assert.deepEqual(
        plain!.llm.map(([tokens]) => tokens),
        plain!.usage
      );
      assert.ok(plain!.llm.every(([, method]) => method === 'responses.create'));
      assert.deepEqual(streamed!.lines, TOOL_TREE);
    });

    it(`${format}: a guardrail tripwire still ends every span, the error recorded`, async () => {
      const [result] = (await run(Object.keys(SCENARIOS)[1]!, format)) as Array<{ error: string; lines: string[] }>;
      assert.equal(result!.error, 'InputGuardrailTripwireTriggered');
      assert.deepEqual(result!.lines, [
        'Agent workflow [error]',
        '  agent.Guarded [error]',
        '    guardrail.block [ok]',
      ]);
    });
  }
});
