/**
 * TracedAgentProxy: one agent span per method call, with the call's shape kept (sync, promise,
 * generators, errors), inputs and outputs under the capture settings, and no tracing (but
 * every call made) before init(). The object side (properties, #private, nesting, method
 * selection, wrapping twice) is in agent-proxy-objects.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { getCurrentSpan, getDiagnostics, traceAgent, TracedAgentProxy } from '../../../src/index.js';
import { createTraceRedactor } from '../../../src/redact/trace-redactor.js';
import { captureDiag, setupTracing, type TestTracing } from '../../helpers/tracing.js';

class Worker {
  calls = 0;
  answer(question: string, style = 'short'): string {
    this.calls++;
    return `${style}: ${question}`;
  }
  fail(message: string): never {
    throw new TypeError(message);
  }
  async fetch(id: number): Promise<{ id: number; active: string | undefined }> {
    await new Promise((r) => setImmediate(r));
    return { id, active: getCurrentSpan()?.name };
  }
  async reject(error: Error): Promise<void> {
    await Promise.resolve();
    throw error;
  }
  *count(n: number): Generator<number, string> {
    for (let i = 0; i < n; i++) yield i;
    return 'done';
  }
  async *stream(n: number): AsyncGenerator<string> {
    for (let i = 0; i < n; i++) {
      await Promise.resolve();
      yield `${getCurrentSpan()?.name ?? 'none'}#${i}`;
    }
  }
  nothing(): void {}
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('TracedAgentProxy before init()', () => {
  it('calls through untraced, with the same values and errors, and traces once init() has run', async () => {
    const diag = captureDiag();
    try {
      const agent = new TracedAgentProxy(new Worker(), 'worker');
      assert.equal(agent.answer('q'), 'short: q');
      const error = new Error('boom');
      await assert.rejects(agent.reject(error), (e) => e === error);
      assert.deepEqual([...agent.count(2)], [0, 1]);
      assert.equal(agent.calls, 1);
      assert.deepEqual(diag.lines, []);
      const t = setupTracing();
      try {
        agent.answer('later');
        assert.equal(t.span('agent.worker.answer').attributes['agent.input'], '["later"]');
      } finally {
        await t.close();
      }
    } finally {
      diag.restore();
    }
  });
});

describe('TracedAgentProxy', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing();
  });
  after(() => t.close());
  beforeEach(() => t.exporter.reset());

  describe('spans', () => {
    it('names each call agent.<agentType>.<method> with type, operation, method, argument count, input and output', () => {
      const agent = new TracedAgentProxy(new Worker(), 'custom_agent');
      assert.equal(agent.answer('What is AI?', 'long'), 'long: What is AI?');
      const span = t.span('agent.custom_agent.answer');
      assert.equal(span.kind, 'internal');
      assert.deepEqual(span.status, { code: 'ok' });
      assert.deepEqual(span.attributes, {
        'noveum.span_type': 'agent',
        'agent.type': 'custom_agent',
        'agent.operation': 'answer',
        'agent.method': 'answer',
        'agent.args_count': 2,
        'agent.input': '["What is AI?","long"]',
        'agent.output': 'long: What is AI?',
      });
    });

    it('defaults the agent type to the class name, and takes agentName and attributes', () => {
      new TracedAgentProxy(new Worker()).nothing();
      const named = new TracedAgentProxy(new Worker(), 'worker', { agentName: 'w1', attributes: { team: 'a' } });
      named.nothing();
      assert.equal(t.span('agent.Worker.nothing').attributes['agent.type'], 'Worker');
      const span = t.span('agent.w1.nothing');
      assert.equal(span.attributes['agent.name'], 'w1');
      assert.equal(span.attributes['team'], 'a');
      assert.equal(span.attributes['agent.args_count'], 0);
      assert.equal('agent.input' in span.attributes, false, 'no arguments, no input');
      assert.equal('agent.output' in span.attributes, false, 'undefined is not an output');
    });

    it('leaves inputs and outputs out when the options or init({ capture }) say so', async () => {
      new TracedAgentProxy(new Worker(), 'no_in', { captureInputs: false }).answer('secret');
      new TracedAgentProxy(new Worker(), 'no_out', { captureOutputs: false }).answer('q');
      new TracedAgentProxy(new Worker(), 'short', { maxInputLength: 5 }).answer('a long question');
      const noIn = t.span('agent.no_in.answer').attributes;
      assert.equal('agent.input' in noIn, false);
      assert.equal(noIn['agent.output'], 'short: secret');
      assert.equal('agent.output' in t.span('agent.no_out.answer').attributes, false);
      assert.match(String(t.span('agent.short.answer').attributes['agent.input']), /^\["a l/);
      await t.close();
      t = setupTracing({ capture: { inputs: false, outputs: false } });
      new TracedAgentProxy(new Worker(), 'global').answer('q');
      const global = t.span('agent.global.answer').attributes;
      assert.equal('agent.input' in global || 'agent.output' in global, false);
      await t.close();
      t = setupTracing();
    });

    it('does no capture work for a sampled-out call, and still returns its value', async () => {
      await t.close();
      t = setupTracing({ samplingRate: 0 });
      try {
        let reads = 0;
        const arg = {
          get question(): string {
            reads++;
            return 'q';
          },
        };
        const agent = new TracedAgentProxy({ ask: (a: typeof arg) => a.question }, 'sampled_out');
        assert.equal(agent.ask(arg), 'q');
        assert.equal(reads, 1, 'only the method read the argument');
        assert.equal(t.spans().length, 0);
      } finally {
        await t.close();
        t = setupTracing();
      }
    });

    it('makes agent.input and agent.output input and output keys for the exporters’ redaction', () => {
      traceAgent({ agentType: 'by_hand' }, (span) => span.setAttributes({ 'agent.input': 'i', 'agent.output': 'o' }));
      const s = t.span('agent.by_hand');
      const off = { inputs: false, outputs: false, maxInputLength: Infinity, maxOutputLength: Infinity };
      const redact = createTraceRedactor({}, off);
      assert.ok(redact);
      const trace = { traceId: s.traceId, name: s.name, rootSpan: s, spans: [s], startTime: 0, endTime: 0 };
      const attributes = redact(trace).spans[0]!.attributes;
      assert.equal(attributes['agent.type'], 'by_hand');
      assert.equal('agent.input' in attributes || 'agent.output' in attributes, false);
    });

    it('masks PII in captured inputs and outputs with redactPii', () => {
      const agent = new TracedAgentProxy(new Worker(), 'pii', { redactPii: true });
      agent.answer('mail me at jane.doe@example.com');
      const span = t.span('agent.pii.answer');
      assert.doesNotMatch(String(span.attributes['agent.input']), /jane\.doe@example\.com/);
      assert.doesNotMatch(String(span.attributes['agent.output']), /jane\.doe@example\.com/);
    });
  });

  describe('call shapes', () => {
    it('keeps a sync method sync, and a sync throw a sync throw of the same object, recorded on the span', () => {
      const agent = new TracedAgentProxy(new Worker(), 'w');
      const value = agent.answer('q');
      assert.equal(typeof value, 'string');
      let caught: unknown;
      try {
        agent.fail('bad input');
      } catch (e) {
        caught = e;
      }
      assert.ok(caught instanceof TypeError);
      assert.equal((caught as Error).message, 'bad input');
      const span = t.span('agent.w.fail');
      assert.deepEqual(span.status, { code: 'error', message: 'bad input' });
      assert.equal(span.exception?.type, 'TypeError');
    });

    it('returns the same promise, active for the whole async method, and ends the span when it settles', async () => {
      const agent = new TracedAgentProxy(new Worker(), 'w');
      const original = Worker.prototype.fetch;
      let inner: Promise<unknown> | undefined;
      Worker.prototype.fetch = function (this: Worker, id: number) {
        inner = original.call(this, id);
        return inner as ReturnType<typeof original>;
      };
      try {
        const p = agent.fetch(7);
        assert.equal(p, inner, 'the method’s own promise, not a wrapper');
        assert.deepEqual(await p, { id: 7, active: 'agent.w.fetch' });
      } finally {
        Worker.prototype.fetch = original;
      }
      await tick();
      assert.equal(t.span('agent.w.fetch').attributes['agent.output'], '{"id":7,"active":"agent.w.fetch"}');
    });

    it('rejects with the same error object and records it', async () => {
      const agent = new TracedAgentProxy(new Worker(), 'w');
      const error = new RangeError('out of range');
      await assert.rejects(agent.reject(error), (e) => e === error);
      await tick();
      const span = t.span('agent.w.reject');
      assert.deepEqual(span.status, { code: 'error', message: 'out of range' });
      assert.equal(span.exception?.type, 'RangeError');
    });

    it('traces a sync generator until it is exhausted, and ends it on an early break', () => {
      const agent = new TracedAgentProxy(new Worker(), 'w');
      const gen = agent.count(3);
      assert.equal(t.spans().length, 0, 'still open while the generator has values');
      assert.deepEqual([...gen], [0, 1, 2]);
      assert.deepEqual(t.span('agent.w.count').status, { code: 'ok' });
      t.exporter.reset();
      for (const n of agent.count(100)) if (n === 1) break;
      assert.deepEqual(t.span('agent.w.count').status, { code: 'ok' });
    });

    it('traces an async generator, active while it runs, until it ends or throws', async () => {
      const agent = new TracedAgentProxy(new Worker(), 'w');
      const seen: string[] = [];
      for await (const item of agent.stream(2)) seen.push(item);
      assert.deepEqual(seen, ['agent.w.stream#0', 'agent.w.stream#1']);
      assert.deepEqual(t.span('agent.w.stream').status, { code: 'ok' });
      t.exporter.reset();
      const gen = agent.stream(5);
      await gen.next();
      const error = new Error('consumer gave up');
      await assert.rejects(gen.throw(error), (e) => e === error);
      assert.deepEqual(t.span('agent.w.stream').status, { code: 'error', message: 'consumer gave up' });
    });

    it('runs concurrent calls in their own traces', async () => {
      const agent = new TracedAgentProxy(new Worker(), 'w');
      const results = await Promise.all([agent.fetch(1), agent.fetch(2)]);
      assert.deepEqual(
        results.map((r) => r.active),
        ['agent.w.fetch', 'agent.w.fetch']
      );
      await tick();
      const spans = t.spans().filter((s) => s.name === 'agent.w.fetch');
      assert.equal(spans.length, 2);
      assert.notEqual(spans[0]!.traceId, spans[1]!.traceId);
      assert.equal(spans[0]!.parentSpanId, undefined);
    });
  });

  describe('never breaks the caller', () => {
    it('calls through when capturing an argument fails, and still records the span', () => {
      const hostile = new Proxy(
        {},
        {
          get() {
            throw new Error('hostile get');
          },
          ownKeys() {
            throw new Error('hostile keys');
          },
        }
      );
      const agent = new TracedAgentProxy({ take: (x: unknown) => x === hostile }, 'h', { redactPii: true });
      assert.equal(agent.take(hostile), true);
      assert.equal(t.span('agent.h.take').attributes['agent.args_count'], 1);
    });

    it('returns the agent untraced when the options cannot be read, and warns once for bad ones', () => {
      const before = getDiagnostics().internalErrors;
      const options = {
        get attributes(): Record<string, unknown> {
          throw new Error('unreadable option');
        },
      };
      const agent = new Worker();
      assert.equal(new TracedAgentProxy(agent, 'w', options), agent);
      assert.equal(getDiagnostics().internalErrors, before + 1);
      const odd = new TracedAgentProxy(new Worker(), 42 as unknown as string, { methods: 'answer' as never });
      odd.answer('q');
      assert.equal(t.span('agent.Worker.answer').attributes['agent.type'], 'Worker');
      new TracedAgentProxy(new Worker(), 'w', { methods: 'answer' as never });
      const warnings = t.diagLines.filter((l) => l.includes('TracedAgentProxy'));
      assert.equal(warnings.filter((l) => l.includes('options.methods must be')).length, 1, warnings.join('\n'));
      assert.equal(warnings.filter((l) => l.includes('agentType must be')).length, 1, warnings.join('\n'));
    });

    it('warns, without throwing, when given something that is not an object', () => {
      assert.doesNotThrow(() => new TracedAgentProxy(null as unknown as object, 'x'));
      assert.ok(t.diagLines.some((l) => l.includes('expected an object to trace, got null')));
    });
  });
});
