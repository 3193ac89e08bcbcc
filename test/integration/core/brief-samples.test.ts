/**
 * The brief's samples (sections 1, 3, 4 and 6) as TypeScript consumers of the built
 * package: type-checked against dist's .d.ts as .mts and .cts, then run as ESM and
 * CommonJS processes, asserting the spans they exported.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FORMATS, type ConsumerResult, type ModuleFormat } from '../../helpers/consumer.js';
import { compileTypeScriptConsumers, type TypeScriptConsumers } from '../../helpers/ts-consumer.js';
import { PRELUDE, SCENARIOS, type ScenarioName } from './brief-scenarios.js';
import { DECORATED_SCENARIO, checkDecoratedReport, type DecoratedReport } from './decorated-scenario.js';

interface Reported {
  name: string;
  id: string;
  parent: string | null;
  trace: string;
  status: { code: string; message?: string };
  exception: string | null;
  attributes: Record<string, unknown>;
}

let consumers: TypeScriptConsumers;
/** `${format}|${name}` → the scenario's run; all of them start together in `before`. */
const runs = new Map<string, Promise<ConsumerResult>>();
before(() => {
  // One tsc program for everything: its start-up (lib and @types/node) is the expensive part.
  const scenarios = { ...SCENARIOS, decorated: DECORATED_SCENARIO };
  consumers = compileTypeScriptConsumers(scenarios, { prelude: PRELUDE });
  for (const format of FORMATS) {
    for (const name of Object.keys(scenarios)) runs.set(`${format}|${name}`, consumers.run(name, format));
  }
});
after(() => Promise.allSettled(runs.values()));

/** The run of scenario `name` in `format`, started in `before`. */
const runOf = (format: ModuleFormat, name: ScenarioName | 'decorated'): Promise<ConsumerResult> =>
  runs.get(`${format}|${name}`)!;

/** Runs a scenario; returns the values it reported, the last being the exported spans. */
async function run(format: ModuleFormat, name: ScenarioName): Promise<{ values: unknown[]; spans: Reported[] }> {
  const result = await runOf(format, name);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '', 'no warnings or errors were printed');
  const values = result.reports.slice(0, -1);
  return { values, spans: result.reports[result.reports.length - 1] as Reported[] };
}

const byName = (spans: Reported[], name: string): Reported => {
  const found = spans.filter((x) => x.name === name);
  assert.equal(found.length, 1, `one span ${name} in ${JSON.stringify(spans.map((x) => x.name))}`);
  return found[0]!;
};

describe("the brief's TypeScript samples", () => {
  it('type-check as .mts and .cts against the built .d.ts, and the deliberate type errors are still errors', () => {
    assert.deepEqual(consumers.diagnostics, []);
  });
});

for (const format of FORMATS) {
  describe(`the brief's samples from a ${format} TypeScript consumer`, () => {
    it('1. traces just the LLM call of processUserQuery, synchronously, with usage attributes', async () => {
      const { values, spans } = await run(format, 'process-user-query');
      assert.deepEqual(values, ['ANSWER TO HELLO']);
      const llm = byName(spans, 'llm.gpt-4');
      assert.equal(llm.parent, null);
      assert.deepEqual(llm.status, { code: 'ok' });
      assert.equal(llm.attributes['llm.model'], 'gpt-4');
      assert.equal(llm.attributes['llm.provider'], 'openai');
      assert.equal(llm.attributes['llm.input_tokens'], 5);
      assert.equal(llm.attributes['llm.total_tokens'], 12);
      assert.equal(llm.attributes['llm.response'], 'answer to hello');
    });

    it('1. traces the multi-step workflow as three ok children of one trace', async () => {
      const { values, spans } = await run(format, 'complex-ai-workflow');
      assert.deepEqual(values, ['answer to answer to Enhance this query: what is RAG?']);
      const root = byName(spans, 'complex_ai_workflow');
      for (const n of ['llm.query_enhancement', 'vector_search', 'llm.response_generation']) {
        assert.equal(byName(spans, n).parent, root.id, `${n} is a child of the root`);
        assert.equal(byName(spans, n).trace, root.trace);
        assert.deepEqual(byName(spans, n).status, { code: 'ok' });
      }
      const enhancement = byName(spans, 'llm.query_enhancement').attributes;
      assert.equal(enhancement['llm.operation'], 'query_enhancement');
      assert.equal(enhancement['llm.model'], 'gpt-3.5-turbo');
      assert.equal(enhancement['llm.enhanced_query'], 'answer to Enhance this query: what is RAG?');
      assert.equal(byName(spans, 'vector_search').attributes['search.results_count'], 2);
      assert.equal(byName(spans, 'vector_search').attributes['search.top_score'], 0.9);
      assert.equal(byName(spans, 'llm.response_generation').attributes['llm.context_sources'], 2);
      assert.equal(byName(spans, 'llm.response_generation').attributes['llm.context_length'], 'doc1\ndoc2'.length);
    });

    it('3. manages an LLM span by hand, recording the exception and rethrowing on failure', async () => {
      const { values, spans } = await run(format, 'manual-llm-span');
      assert.deepEqual(values, ['RateLimitError']);
      const [ok, failed, ...rest] = spans.filter((s) => s.name === 'gpt4_query_processing');
      assert.equal(rest.length, 0);
      assert.deepEqual(ok?.status, { code: 'ok' });
      assert.equal(ok?.attributes['llm.operation'], 'chat_completion');
      assert.equal(ok?.attributes['llm.output_tokens'], 7);
      assert.deepEqual(failed?.status, { code: 'error', message: 'rate limited' });
      assert.equal(failed?.exception, 'RateLimitError: rate limited');
      assert.notEqual(ok?.trace, failed?.trace, 'each call is its own trace');
    });

    it('3. builds the batch: a parent and one child per query, each finished in finally', async () => {
      const { values, spans } = await run(format, 'batch-queries');
      assert.deepEqual(values, [['answer to a', null, 'answer to c']]);
      assert.equal(spans.length, 4);
      const batch = byName(spans, 'batch_query_processing');
      assert.equal(batch.parent, null);
      assert.deepEqual(batch.status, { code: 'ok' });
      assert.equal(batch.attributes['batch.size'], 3);
      assert.equal(batch.attributes['batch.successful'], 2);
      assert.equal(batch.attributes['batch.failed'], 1);
      for (const i of [0, 1, 2]) {
        const q = byName(spans, `query_processing_${i}`);
        assert.equal(q.parent, batch.id);
        assert.equal(q.trace, batch.trace);
        assert.equal(q.attributes['query.index'], i);
      }
      assert.equal(byName(spans, 'query_processing_0').attributes['query.success'], true);
      assert.deepEqual(byName(spans, 'query_processing_1').status, { code: 'error', message: 'cannot answer bad' });
      assert.equal(byName(spans, 'query_processing_1').exception, 'Error: cannot answer bad');
    });

    it('6. wraps existing functions with traceExistingFunction and traceLLMCall, keeping this and usage', async () => {
      const { values, spans } = await run(format, 'sdk-helpers');
      assert.deepEqual(values, ['answer to q!', 'hi']);
      const parent = byName(spans, 'manual_parent');
      assert.equal(parent.parent, null);
      const post = byName(spans, 'postProcess');
      assert.equal(post.attributes['step'], 'post');
      assert.equal(post.parent, null, 'a manual span is not made active, so it parents nothing implicitly');
      assert.notEqual(post.trace, parent.trace);
      const llm = byName(spans, 'llm.gpt-4');
      assert.deepEqual(
        [llm.attributes['llm.input_tokens'], llm.attributes['llm.output_tokens'], llm.attributes['llm.total_tokens']],
        [5, 7, 12]
      );
      const claude = byName(spans, 'llm.claude-3-5-sonnet');
      assert.deepEqual(
        [
          claude.attributes['llm.input_tokens'],
          claude.attributes['llm.output_tokens'],
          claude.attributes['llm.total_tokens'],
        ],
        [3, 4, 7]
      );
      assert.equal(claude.attributes['llm.provider'], 'anthropic');
    });

    it('4. traces every method call of an existing agent through TracedAgentProxy, nesting its own calls', async () => {
      const { values, spans } = await run(format, 'agent-proxy');
      assert.deepEqual(values, ['ANSWER TO WHAT IS AI?', { queries: 1, isAgent: true }]);
      assert.equal(spans.length, 2);
      const processQuery = byName(spans, 'agent.custom_agent.processQuery');
      assert.equal(processQuery.parent, null);
      assert.deepEqual(processQuery.status, { code: 'ok' });
      assert.equal(processQuery.attributes['agent.type'], 'custom_agent');
      assert.equal(processQuery.attributes['agent.operation'], 'processQuery');
      assert.equal(processQuery.attributes['agent.args_count'], 1);
      assert.equal(processQuery.attributes['agent.input'], '["What is AI?"]');
      assert.equal(processQuery.attributes['agent.output'], 'ANSWER TO WHAT IS AI?');
      const lookUp = byName(spans, 'agent.custom_agent.lookUp');
      assert.equal(lookUp.parent, processQuery.id, 'the call the agent made on this is a child');
      assert.equal(lookUp.attributes['agent.output'], 'answer to What is AI?');
    });

    it('traces sync, async, generator, static and throwing methods with TC39 decorators compiled by tsc', async () => {
      const result = await runOf(format, 'decorated');
      assert.equal(result.code, 0, result.stderr);
      checkDecoratedReport(result.reports[0] as DecoratedReport);
    });

    it('traces TC39 decorators compiled by tsc and a `using` scope', async () => {
      const { values, spans } = await run(format, 'decorators-and-using');
      assert.deepEqual(values, [
        { syncResult: 'goal: sync', answer: 'answer to goal: why?', active: 'using_scope', after: 'none' },
      ]);
      const answer = byName(spans, 'llm.answer');
      assert.equal(answer.attributes['llm.model'], 'gpt-4');
      const plans = spans.filter((s) => s.name === 'Assistant.plan');
      assert.equal(plans.length, 2);
      assert.ok(
        plans.some((p) => p.parent === answer.id),
        'plan() called inside answer() is its child'
      );
      const scope = byName(spans, 'using_scope');
      assert.equal(scope.attributes['scope.kind'], 'using');
      assert.deepEqual(scope.status, { code: 'unset' });
    });
  });
}
