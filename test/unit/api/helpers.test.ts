import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { getCurrentSpan, traceExistingFunction, traceLLMCall, traceOperation } from '../../../src/index.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

describe('helpers', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing();
  });
  after(() => t.close());
  beforeEach(() => t.exporter.reset());

  describe('traceExistingFunction()', () => {
    it('keeps a sync function sync, with this, name and length, inside a named span', () => {
      const counter = {
        base: 10,
        add(a: number, b: number): number {
          return this.base + a + b + (getCurrentSpan()?.name === 'add_numbers' ? 100 : 0);
        },
      };
      counter.add = traceExistingFunction(counter.add, 'add_numbers', { 'calc.kind': 'sum' });
      assert.equal(counter.add(1, 2), 113);
      assert.equal(counter.add.name, 'add');
      assert.equal(counter.add.length, 2);
      const span = t.span('add_numbers');
      assert.equal(span.attributes['calc.kind'], 'sum');
      assert.equal(span.status.code, 'ok');
    });

    it('names the span after the function and returns the same promise', async () => {
      const p = Promise.resolve('v');
      async function fetchThing(): Promise<string> {
        return 'unused';
      }
      const traced = traceExistingFunction(() => p, 'returns_p');
      assert.equal(traced(), p);
      await p;
      await new Promise((r) => setImmediate(r));
      assert.equal(t.spans().length, 1);
      const named = traceExistingFunction(fetchThing);
      assert.equal(await named(), 'unused');
      assert.ok(t.span('fetchThing'));
    });

    it('rethrows the same error object and records it', () => {
      const error = new Error('legacy failure');
      const legacy = traceExistingFunction(function legacy(): never {
        throw error;
      });
      assert.throws(
        () => legacy(),
        (e) => e === error
      );
      assert.equal(t.span('legacy').status.code, 'error');
    });
  });

  describe('traceLLMCall()', () => {
    it('records OpenAI usage from a sync result', () => {
      const call = traceLLMCall(
        (prompt: string) => ({
          choices: [{ message: { content: prompt } }],
          usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
        }),
        { model: 'gpt-4', provider: 'openai' }
      );
      assert.equal(call('hi').choices[0]?.message.content, 'hi');
      const span = t.span('llm.gpt-4');
      assert.deepEqual(
        [
          span.attributes['llm.input_tokens'],
          span.attributes['llm.output_tokens'],
          span.attributes['llm.total_tokens'],
        ],
        [7, 3, 10]
      );
      assert.equal(span.attributes['llm.provider'], 'openai');
    });

    it('records Anthropic usage from a promise before the span ends, returning the same promise', async () => {
      const result = Promise.resolve({ content: [{ text: 'x' }], usage: { input_tokens: 11, output_tokens: 4 } });
      const call = traceLLMCall(() => result, { model: 'claude-3-5-sonnet', provider: 'anthropic' });
      const returned = call();
      assert.equal(returned, result);
      await returned;
      await new Promise((r) => setImmediate(r));
      const a = t.span('llm.claude-3-5-sonnet').attributes;
      assert.deepEqual([a['llm.input_tokens'], a['llm.output_tokens'], a['llm.total_tokens']], [11, 4, 15]);
    });

    it('rejects with the same error and records no usage', async () => {
      const error = new Error('rate limited');
      const call = traceLLMCall(
        async () => {
          throw error;
        },
        { model: 'gpt-4' }
      );
      await assert.rejects(call(), (e) => e === error);
      await new Promise((r) => setImmediate(r));
      const span = t.span('llm.gpt-4');
      assert.equal(span.status.code, 'error');
      assert.equal(span.attributes['llm.input_tokens'], undefined);
    });

    it('nests under the active span', () => {
      traceOperation('parent', () => traceLLMCall(() => null, { model: 'm' })());
      assert.equal(t.span('llm.m').parentSpanId, t.span('parent').spanId);
    });
  });
});
