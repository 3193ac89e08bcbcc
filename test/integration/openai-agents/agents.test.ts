/**
 * The OpenAI Agents SDK integration in process: real `@openai/agents` (ESM) against the fake
 * OpenAI server, asserting the exported trees of a tool-calling run, a handoff, a guardrail
 * tripwire, a streamed run, and one LLM span per model call with the `openai` patch on too.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as agents from '@openai/agents';
import OpenAI from 'openai';
import { getClient } from '../../../src/api/client.js';
import { getDiagnostics } from '../../../src/diag/internal-errors.js';
import { traceOperation } from '../../../src/api/scoped.js';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';
import { CITY_PARAMETERS, llmSpans, spanTree } from './harness.js';

const weather = agents.tool({
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: CITY_PARAMETERS,
  strict: true,
  execute: async (input: unknown) => `Sunny in ${(input as { city: string }).city}`,
});

let openai: OpenAI;

/** An agent with one tool, on the Responses API or on Chat Completions. */
function weatherAgent(api: 'responses' | 'chat' = 'responses'): agents.Agent {
  const model =
    api === 'chat' ? new agents.OpenAIChatCompletionsModel(openai, 'gpt-4o-mini@tools') : 'gpt-4o-mini@tools';
  return new agents.Agent({ name: 'Weather', instructions: 'Answer briefly.', model, tools: [weather] });
}

/** Runs `agent`, reading a streamed run to its end. */
async function runAgent(agent: agents.Agent, stream: boolean): Promise<agents.RunResult<any, any>> {
  if (!stream) return agents.run(agent, 'Weather in Paris?');
  const result = await agents.run(agent, 'Weather in Paris?', { stream: true });
  for await (const _ of result) void _;
  await result.completed;
  return result as unknown as agents.RunResult<any, any>;
}

const toolRunTree = (llm: string): string[] => [
  'Agent workflow',
  '  agent.Weather',
  `    ${llm}`,
  '    tool.get_weather',
  `    ${llm}`,
];
const TOOL_RUN_TREE = toolRunTree('responses gpt-4o-mini-2024-07-18');

// One server for the file: the Agents SDK keeps the default client's model provider once used.
let server: FakeOpenAIServer;
before(async () => {
  server = await startFakeOpenAI();
  openai = new OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
  agents.setDefaultOpenAIClient(openai);
});
after(() => server.close());

/** Lets the processor's end of an aborted run (after the current round of callbacks) happen. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('OpenAI Agents SDK (instrument({ "openai-agents" }))', () => {
  let tracing: TestTracing;
  const spans = async () => {
    await getClient().forceFlush();
    return tracing.spans();
  };

  before(() => {
    tracing = setupTracing();
    assert.equal(instrument({ 'openai-agents': agents }), 2);
  });
  after(async () => {
    uninstrument('openai-agents');
    uninstrument('openai');
    await tracing.close();
  });
  beforeEach(() => tracing.exporter.reset());

  it('traces a run with one tool call as agent → LLM → tool → LLM, with usage from the run', async () => {
    const result = await agents.run(weatherAgent(), 'Weather in Paris?');
    assert.equal(result.finalOutput, 'Echo:');
    const all = await spans();
    assert.deepEqual(spanTree(all), TOOL_RUN_TREE);
    const [first, second] = llmSpans(all);
    assert.equal(first!.attributes['llm.provider'], 'openai');
    assert.deepEqual(
      llmSpans(all).map((s) => [s.attributes['llm.input_tokens'], s.attributes['llm.output_tokens']]),
      result.rawResponses.map((r) => [r.usage.inputTokens, r.usage.outputTokens])
    );
    assert.equal(typeof first!.attributes['llm.cost.total'], 'number');
    assert.match(String(first!.attributes['llm.tool_calls']), /get_weather/);
    assert.equal(second!.attributes['llm.response'], 'Echo:');
    const tool = all.find((s) => s.name === 'tool.get_weather')!;
    assert.equal(tool.attributes['tool.input'], '{"city":"Paris"}');
    assert.equal(tool.attributes['tool.output'], 'Sunny in Paris');
    assert.deepEqual(tool.attributes['noveum.span_type'], 'tool');
  });

  it('nests the run under the caller’s active span', async () => {
    await traceOperation('handle-request', () => agents.run(weatherAgent(), 'Weather in Paris?'));
    assert.deepEqual(spanTree(await spans()), ['handle-request', ...TOOL_RUN_TREE.map((l) => `  ${l}`)]);
  });

  it('traces a handoff between two agents', async () => {
    const spanish = new agents.Agent({ name: 'Spanish', instructions: 'Habla español.', model: 'gpt-4o-mini' });
    const triage = new agents.Agent({
      name: 'Triage',
      instructions: 'Route the user.',
      model: 'gpt-4o-mini@tool=transfer_to_Spanish',
      handoffs: [spanish],
    });
    const result = await agents.run(triage, 'Hola');
    assert.equal(result.lastAgent?.name, 'Spanish');
    const all = await spans();
    assert.deepEqual(spanTree(all), [
      'Agent workflow',
      '  agent.Triage',
      '    responses gpt-4o-mini-2024-07-18',
      '    agent.handoff.Spanish',
      '  agent.Spanish',
      '    responses gpt-4o-mini-2024-07-18',
    ]);
    const handoff = all.find((s) => s.name === 'agent.handoff.Spanish')!;
    assert.equal(handoff.attributes['agent.handoff.from'], 'Triage');
    assert.equal(handoff.attributes['agent.handoff.to'], 'Spanish');
    assert.deepEqual(all.find((s) => s.name === 'agent.Triage')!.attributes['agent.handoffs'], ['Spanish']);
  });

  it('ends every span of a run a guardrail tripwire aborts, with the error recorded', async () => {
    const block = { name: 'block', execute: async () => ({ outputInfo: {}, tripwireTriggered: true }) };
    const guarded = new agents.Agent({
      name: 'Guarded',
      instructions: 'x',
      model: 'gpt-4o-mini',
      inputGuardrails: [block],
    });
    await assert.rejects(agents.run(guarded, 'hi'), agents.InputGuardrailTripwireTriggered);
    await nextTurn();
    const all = await spans();
    assert.deepEqual(spanTree(all, true), [
      'Agent workflow [error]',
      '  agent.Guarded [error]',
      '    guardrail.block [ok]',
    ]);
    const root = all.find((s) => s.name === 'Agent workflow')!;
    assert.equal(root.attributes['error.type'], 'InputGuardrailTripwireTriggered');
    assert.equal(root.exception?.type, 'InputGuardrailTripwireTriggered');
    assert.equal(all.find((s) => s.name === 'guardrail.block')!.attributes['guardrail.triggered'], true);
  });

  it('traces a streamed run like a plain one', async () => {
    await runAgent(weatherAgent(), true);
    assert.deepEqual(spanTree(await spans()), TOOL_RUN_TREE);
  });

  it('traces a Chat Completions model’s generation spans as LLM spans, with usage', async () => {
    const result = await runAgent(weatherAgent('chat'), false);
    const all = await spans();
    assert.deepEqual(spanTree(all), toolRunTree('chat gpt-4o-mini@tools'));
    assert.deepEqual(
      llmSpans(all).map((s) => [s.attributes['llm.input_tokens'], s.attributes['llm.operation']]),
      result.rawResponses.map((r) => [r.usage.inputTokens, 'chat'])
    );
  });
});

describe('OpenAI Agents SDK with the openai patch on too', () => {
  let tracing: TestTracing;
  const spans = async () => {
    await getClient().forceFlush();
    return tracing.spans();
  };

  before(() => {
    tracing = setupTracing();
    instrument({ 'openai-agents': agents, openai: OpenAI });
  });
  after(async () => {
    uninstrument('openai-agents');
    uninstrument('openai');
    await tracing.close();
  });
  beforeEach(() => tracing.exporter.reset());

  for (const api of ['responses', 'chat'] as const)
    for (const stream of [false, true]) {
      it(`records one LLM span per ${api} call, with the provider's usage and request id${stream ? ' (streamed run)' : ''}`, async () => {
        const result = await runAgent(weatherAgent(api), stream);
        const all = await spans();
        const name = api === 'chat' ? 'chat gpt-4o-mini@tools' : 'responses gpt-4o-mini@tools';
        assert.deepEqual(spanTree(all), toolRunTree(name));
        const llm = llmSpans(all);
        assert.deepEqual(
          llm.map((s) => [s.attributes['llm.input_tokens'], s.attributes['llm.output_tokens']]),
          result.rawResponses.map((r) => [r.usage.inputTokens, r.usage.outputTokens])
        );
        for (const span of llm) {
          // Written by the openai patch onto the Agents span (no second span of its own).
          assert.equal(span.attributes['llm.method'], api === 'chat' ? 'chat.completions.create' : 'responses.create');
          assert.match(String(span.attributes['llm.request_id']), /^req_/);
          assert.equal(typeof span.attributes['llm.cost.total'], 'number');
          assert.equal(span.status.code, 'ok');
        }
      });
    }

  it('nests a model call made inside a tool under the tool’s span', async () => {
    const summarize = agents.tool({
      name: 'summarize',
      description: 'Summarises a city',
      parameters: CITY_PARAMETERS,
      strict: true,
      execute: async (input: unknown) => {
        const r = await openai.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: (input as { city: string }).city }],
        });
        return r.choices[0]?.message.content ?? '';
      },
    });
    const agent = new agents.Agent({
      name: 'Writer',
      instructions: 'x',
      model: 'gpt-4o-mini@tool=summarize',
      tools: [summarize],
    });
    await agents.run(agent, 'Paris');
    assert.deepEqual(spanTree(await spans()), [
      'Agent workflow',
      '  agent.Writer',
      '    responses gpt-4o-mini@tool=summarize',
      '    tool.summarize',
      '      chat gpt-4o-mini',
      '    responses gpt-4o-mini@tool=summarize',
    ]);
  });

  it('holds an Agents model-call span open for a stream read after the span ended, and ends it once', async () => {
    const misuse = getDiagnostics().misuseWarnings;
    let stream: AsyncIterable<unknown> | undefined;
    await agents.withTrace('manual', () =>
      agents.withResponseSpan(async () => {
        stream = await openai.responses.create({ model: 'gpt-4o-mini@chunks=3', input: 'hi', stream: true });
      })
    );
    for await (const _ of stream!) void _;
    const llm = llmSpans(await spans());
    assert.equal(llm.length, 1);
    assert.equal(llm[0]!.name, 'responses gpt-4o-mini@chunks=3');
    assert.equal(llm[0]!.attributes['llm.stream.outcome'], 'completed');
    assert.equal(typeof llm[0]!.attributes['llm.input_tokens'], 'number');
    assert.equal(getDiagnostics().misuseWarnings, misuse, 'ended once');
  });
});
