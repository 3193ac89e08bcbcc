/**
 * Anthropic from TypeScript consumer processes, ES module (`.mts`) and CommonJS (`.cts`), against
 * the built package and the real `@anthropic-ai/sdk`: `autoInstrument` before and after the SDK
 * is loaded, the `--import noveum-trace/register` preload, the `TracedAnthropicClient` proxy, and
 * a call inside `traceLLM` (one LLM span: the scope's, enriched). Type-checked strictly, run with node.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FORMATS, type ConsumerResult, type ModuleFormat } from '../../helpers/consumer.js';
import { compileTypeScriptConsumers, type TypeScriptConsumers } from '../../helpers/ts-consumer.js';
import { startFakeAnthropic, type FakeAnthropicServer } from '../../fixtures/servers/anthropic-server.js';

interface Scenario {
  readonly body: (format: ModuleFormat) => string;
  readonly imports?: Readonly<Record<string, string>>;
  readonly nodeArgs?: readonly string[];
  /** Span names expected in the last report, in order. */
  readonly spans: readonly string[];
}

const SETUP = `
const exporter = new nt.InMemoryExporter();
nt.init({ project: 'anthropic-app', exporter: 'none', processors: [new nt.SimpleProcessor(exporter)] });
const llmSpans = async (): Promise<Array<{ name: string; input: unknown; request: unknown }>> => {
  await nt.getClient().forceFlush();
  return exporter.getFinishedSpans()
    .filter((s) => s.attributes['noveum.span_type'] === 'llm')
    .map((s) => ({ name: s.name, input: s.attributes['llm.input_tokens'], request: s.attributes['llm.request_id'] }));
};
process.on('unhandledRejection', (r: unknown) => report({ unhandled: String(r) }));
const params = { model: 'claude-test', max_tokens: 64, messages: [{ role: 'user' as const, content: 'Hello' }] };
const textOf = (m: { content: Array<{ type: string }> }): string => (m.content[0] as { text?: string }).text ?? '';
`;

/** Loads the SDK at that point of the program, the way each module format does. */
const LOAD = (format: ModuleFormat): string =>
  format === 'esm'
    ? `const { default: Anthropic } = await import('@anthropic-ai/sdk');`
    : `const Anthropic = (require('@anthropic-ai/sdk') as typeof import('@anthropic-ai/sdk')).default;`;

const SCENARIOS: Record<string, Scenario> = {
  'autoInstrument before the SDK is loaded': {
    body: (format) => `${SETUP}
nt.autoInstrument('anthropic');
${LOAD(format)}
const msg = await new Anthropic().messages.create(params);
report({ content: textOf(msg), spans: await llmSpans() });`,
    spans: ['chat claude-test'],
  },
  'autoInstrument after the SDK is loaded': {
    imports: { nt: 'noveum-trace', sdk: '@anthropic-ai/sdk' },
    body: () => `${SETUP}
nt.autoInstrument('anthropic');
const msg = await new sdk.Anthropic().messages.create(params);
const stream = await new sdk.Anthropic().messages.create({ ...params, stream: true });
for await (const _ of stream) void _;
report({ content: textOf(msg), spans: await llmSpans() });`,
    spans: ['chat claude-test', 'chat claude-test'],
  },
  'preload: node --import noveum-trace/register': {
    imports: { nt: 'noveum-trace', sdk: '@anthropic-ai/sdk' },
    nodeArgs: ['--import', 'noveum-trace/register'],
    body: () => `${SETUP}
const msg = await new sdk.Anthropic().messages.create(params);
report({ content: textOf(msg), spans: await llmSpans() });`,
    spans: ['chat claude-test'],
  },
  'TracedAnthropicClient keeps instanceof and traces only the view': {
    body: (format) => `${SETUP}
${LOAD(format)}
const original = new Anthropic();
const traced = new nt.TracedAnthropicClient(original);
if (!(traced instanceof Anthropic)) throw new Error('instanceof lost');
const msg = await traced.messages.create(params);
await original.messages.create(params);
report({ content: textOf(msg), spans: await llmSpans() });`,
    spans: ['chat claude-test'],
  },
  'inside traceLLM the call enriches the scope': {
    body: (format) => `${SETUP}
nt.autoInstrument('anthropic');
${LOAD(format)}
const client = new Anthropic();
const msg = await nt.traceLLM({ operation: 'answer' }, () => client.messages.create(params));
report({ content: textOf(msg), spans: await llmSpans() });`,
    spans: ['llm.answer'],
  },
};

interface Reported {
  content: string;
  spans: Array<{ name: string; input: number; request?: string }>;
}

describe('Anthropic consumers (TypeScript, ESM and CommonJS, built package)', () => {
  let server: FakeAnthropicServer;
  let consumers: TypeScriptConsumers;
  const runs = new Map<string, Promise<ConsumerResult>>();
  before(async () => {
    server = await startFakeAnthropic();
    consumers = compileTypeScriptConsumers(SCENARIOS);
    for (const [title, scenario] of Object.entries(SCENARIOS)) {
      for (const format of FORMATS) {
        const run = consumers.run(title, format, {
          nodeArgs: scenario.nodeArgs ?? [],
          env: { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: server.url },
        });
        runs.set(`${title}|${format}`, run);
      }
    }
  });
  after(async () => {
    await Promise.allSettled(runs.values());
    await server.close();
  });

  it('every sample type-checks as strict TypeScript against the built declarations', () => {
    assert.deepEqual(consumers.diagnostics, []);
  });

  for (const [title, scenario] of Object.entries(SCENARIOS)) {
    for (const format of FORMATS) {
      it(`${title} (${format === 'esm' ? 'mts' : 'cts'})`, async () => {
        const run = await runs.get(`${title}|${format}`)!;
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(
          run.reports.filter((r) => (r as { unhandled?: string }).unhandled !== undefined),
          [],
          'no unhandled rejection'
        );
        const result = run.reports.at(-1) as Reported;
        assert.equal(result.content, 'Echo: Hello');
        assert.deepEqual(
          result.spans.map((s) => s.name),
          scenario.spans
        );
        assert.ok(
          result.spans.every((s) => s.input > 0 && /^req_/.test(s.request ?? '')),
          'usage and request id recorded'
        );
      });
    }
  }
});
