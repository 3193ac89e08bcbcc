/**
 * Nesting scenarios: calls made inside `traceOperation` / `traceAgent` become children, and
 * inside a `traceLLM` scope (an LLM owner) the first call, streamed or not, enriches it (see
 * docs/instrumentation.md, "Nesting: one LLM span per model call"). Run in both modes.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { getClient } from '../../../src/api/client.js';
import { traceAgent, traceLLM, traceOperation } from '../../../src/api/scoped.js';
import { describeOpenAIModes, type OpenAIHarness } from './harness.js';

export function runOpenAINestingScenarios(label: string, OpenAI: any): void {
  describeOpenAIModes(`${label} nesting`, OpenAI, (h: OpenAIHarness) => {
    it('nests under traceOperation and enriches an open traceLLM span', async () => {
      h.fresh();
      await traceOperation('pipeline', () =>
        h.client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'n' }] })
      );
      await getClient().forceFlush();
      const parent = h.tracing.span('pipeline');
      assert.equal(h.tracing.span('chat gpt-4o-mini').parentSpanId, parent.spanId);
      h.fresh();
      await traceLLM({ model: 'gpt-4o-mini', operation: 'summarise' }, async () => {
        await h.client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: 'first' }],
        });
        await h.client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: 'second' }],
        });
      });
      await getClient().forceFlush();
      const scope = h.tracing.span('llm.summarise');
      assert.equal(scope.attributes['llm.response'], 'Echo: first', 'the first call enriched the scope');
      const child = h.tracing.span('chat gpt-4o-mini');
      assert.equal(child.parentSpanId, scope.spanId, 'the second call nested');
      assert.equal(child.attributes['llm.response'], 'Echo: second');
    });

    it('inside traceLLM, a failed call marks that span and a streamed call writes onto it', async () => {
      h.fresh();
      let caught: unknown;
      await traceLLM({ model: 'gpt-4o-mini', operation: 'failing' }, async () => {
        try {
          await h.client.chat.completions.create({ model: 'gpt-4o-mini@error=429', messages: [] });
        } catch (error) {
          caught = error;
        }
      });
      await traceLLM({ model: 'gpt-4o-mini', operation: 'streaming' }, async () => {
        const stream = await h.client.chat.completions.create({
          model: 'gpt-4o-mini@chunks=2',
          messages: [{ role: 'user', content: 's' }],
          stream: true,
        });
        for await (const _ of stream) void _;
      });
      await getClient().forceFlush();
      const failing = h.tracing.span('llm.failing');
      assert.equal(failing.status.code, 'error');
      assert.equal(failing.attributes['http.response.status_code'], 429);
      assert.equal(failing.exception?.message, (caught as Error).message);
      const streaming = h.tracing.span('llm.streaming');
      assert.equal(h.tracing.spans().filter((s) => s.parentSpanId === streaming.spanId).length, 0, 'no child');
      assert.equal(streaming.attributes['llm.stream.outcome'], 'completed', 'the stream wrote onto the scope');
      assert.equal(typeof streaming.attributes['llm.response'], 'string');
      assert.equal(
        h.tracing.spans().filter((s) => s.parentSpanId === failing.spanId).length,
        0,
        'the failed call enriched, no child'
      );
    });

    it('inside traceLLM, a call after an await still enriches and a retry nests', async () => {
      h.fresh();
      await traceLLM({ model: 'gpt-4o-mini', operation: 'later' }, async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        await h.client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'a' }] });
        await new Promise((resolve) => setTimeout(resolve, 5));
        await h.client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'b' }] });
      });
      await getClient().forceFlush();
      const scope = h.tracing.span('llm.later');
      assert.equal(scope.attributes['llm.response'], 'Echo: a');
      assert.equal(typeof scope.attributes['llm.cost.total'], 'number', 'cost on the scope');
      const children = h.tracing.spans().filter((s) => s.parentSpanId === scope.spanId);
      assert.deepEqual(
        children.map((c) => c.attributes['llm.response']),
        ['Echo: b'],
        'the retry is the only child'
      );
    });

    it('a stream returned from traceLLM and read later lands on the scope, which ends once after it', async () => {
      h.fresh();
      const stream = await traceLLM({ model: 'gpt-4o-mini', operation: 'handed-out' }, () =>
        h.client.chat.completions.create({
          model: 'gpt-4o-mini@chunks=3',
          messages: [{ role: 'user', content: 'late' }],
          stream: true,
          stream_options: { include_usage: true },
        })
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
      await getClient().forceFlush();
      assert.equal(h.tracing.spans().length, 0, 'the scope waits for its stream');
      for await (const _ of stream) void _;
      await getClient().forceFlush();
      const spans = h.tracing.spans();
      assert.equal(spans.length, 1, 'one LLM span for the call');
      assert.equal(spans[0]!.name, 'llm.handed-out');
      assert.equal(spans[0]!.attributes['llm.stream.outcome'], 'completed');
      assert.equal(typeof spans[0]!.attributes['llm.output_tokens'], 'number');
    });

    it('nests calls under traceAgent and keeps concurrent scopes apart', async () => {
      h.fresh();
      const ask = (content: string) =>
        h.client.chat.completions.create({ model: 'gpt-4o-mini@slow=20', messages: [{ role: 'user', content }] });
      await Promise.all([
        traceAgent({ agentType: 'a', name: 'agent-a' }, () => ask('from a')),
        traceOperation('op-b', () => ask('from b')),
      ]);
      await getClient().forceFlush();
      const agent = h.tracing.span('agent-a');
      const op = h.tracing.span('op-b');
      const llm = await h.llmSpans();
      const byParent = new Map(llm.map((s) => [s.parentSpanId, String(s.attributes['llm.messages'])]));
      assert.match(byParent.get(agent.spanId) ?? '', /from a/);
      assert.match(byParent.get(op.spanId) ?? '', /from b/);
    });
  });
}
