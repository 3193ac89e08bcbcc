/**
 * Peer pitfall 12 ("middleware that never calls the original"), for everything that wraps user
 * code: `traceExistingFunction`, `traceLLMCall`, the method decorators (`@trace`, `@traceLLM`,
 * `@traceAgent`, `@traceTool`, `@traceRetrieval`, standard and legacy forms) and the inline
 * scopes. Each must run the user's function exactly once, with the same `this` and argument
 * objects, hand back the very value (or promise) it returned, and rethrow the very error, also
 * when the options it was given cannot be read, and also when tracing is off.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { getClient } from '../../../src/api/client.js';
import { traceExistingFunction, traceLLMCall } from '../../../src/api/helpers.js';
import { shutdown } from '../../../src/api/init.js';
import { startSpan, finishSpan, withSpan } from '../../../src/api/manual.js';
import { traceOperation } from '../../../src/api/scoped.js';
import { trace } from '../../../src/decorators/trace.js';
import { traceAgent, traceLLM, traceRetrieval, traceTool } from '../../../src/decorators/trace-scopes.js';
import type { TraceMethodDecorator } from '../../../src/decorators/method-decorator.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

type Fn = (this: unknown, ...args: unknown[]) => unknown;

/** A user function that records each call and returns (or throws) a fresh object it remembers. */
function recorder(behaviour: 'value' | 'promise' | 'throw' | 'reject') {
  const calls: { self: unknown; args: unknown[]; out: unknown }[] = [];
  const fn = function (this: unknown, ...args: unknown[]): unknown {
    const out = behaviour === 'promise' ? Promise.resolve({ usage: { prompt_tokens: 1 } }) : { made: calls.length };
    const err = new Error(`failure ${calls.length}`);
    calls.push({ self: this, args, out: behaviour === 'throw' || behaviour === 'reject' ? err : out });
    if (behaviour === 'throw') throw err;
    if (behaviour === 'reject') return Promise.reject(err);
    return out;
  };
  return { fn, calls };
}

/** An options object every read of which throws. */
const HOSTILE = new Proxy(
  {},
  {
    get: () => {
      throw new Error('hostile option');
    },
    has: () => {
      throw new Error('hostile option');
    },
  }
) as never;

/** Calls `wrapped` as a method of a receiver and checks once / this / args / same result. */
async function checkPassThrough(
  wrap: (fn: Fn) => Fn,
  behaviour: 'value' | 'promise' | 'throw' | 'reject'
): Promise<void> {
  const { fn, calls } = recorder(behaviour);
  const receiver = { method: wrap(fn) };
  const a = { first: true };
  const b = [2];
  let returned: unknown;
  let thrown: unknown;
  try {
    returned = receiver.method(a, b);
  } catch (error) {
    thrown = error;
  }
  assert.equal(calls.length, 1, 'called exactly once');
  assert.equal(calls[0]!.self, receiver, 'with the same this');
  assert.equal(calls[0]!.args.length, 2);
  assert.equal(calls[0]!.args[0], a);
  assert.equal(calls[0]!.args[1], b);
  if (behaviour === 'throw') return assert.equal(thrown, calls[0]!.out, 'the same error, thrown synchronously');
  assert.equal(thrown, undefined);
  if (behaviour === 'reject') {
    assert.ok(returned instanceof Promise);
    await assert.rejects(returned as Promise<unknown>, (e) => e === calls[0]!.out);
  } else {
    assert.equal(returned, calls[0]!.out, 'the very value or promise the function returned');
    await returned;
  }
  assert.equal(calls.length, 1, 'settling did not call it again');
}

/** Decorates `fn` as method `run` of a fresh class, in the standard or the legacy form. */
function decorate(decorator: TraceMethodDecorator, form: 'standard' | 'legacy', fn: Fn): Fn {
  class Service {}
  if (form === 'standard') {
    const context = { kind: 'method', name: 'run', static: false, private: false, metadata: {}, addInitializer() {} };
    Object.defineProperty(Service.prototype, 'run', { value: (decorator as any)(fn, context), configurable: true });
  } else {
    const descriptor = { value: fn, writable: true, configurable: true, enumerable: false };
    Object.defineProperty(
      Service.prototype,
      'run',
      (decorator as any)(Service.prototype, 'run', descriptor) ?? descriptor
    );
  }
  const method = (Service.prototype as { run: Fn }).run;
  // Called as a method of another receiver: `this` must still be whatever the caller used.
  return function (this: unknown, ...args: unknown[]) {
    return method.apply(this, args);
  };
}

const BEHAVIOURS = ['value', 'promise', 'throw', 'reject'] as const;

const DECORATORS: [string, () => TraceMethodDecorator][] = [
  ['@trace()', () => trace()],
  ['@trace(name)', () => trace('named')],
  ['@traceLLM', () => traceLLM({ model: 'gpt-4o', provider: 'openai' })],
  ['@traceAgent', () => traceAgent({ agentType: 'planner' })],
  ['@traceTool', () => traceTool({ description: 'a tool' })],
  ['@traceRetrieval', () => traceRetrieval({ source: 'pgvector' })],
  ['@traceAgent with unreadable options', () => traceAgent(HOSTILE)],
  ['@traceTool with unreadable options', () => traceTool(HOSTILE)],
];

const HELPERS: [string, (fn: Fn) => Fn][] = [
  ['traceExistingFunction', (fn) => traceExistingFunction(fn)],
  ['traceExistingFunction with a span name and attributes', (fn) => traceExistingFunction(fn, 'existing', { k: 1 })],
  ['traceLLMCall', (fn) => traceLLMCall(fn, { model: 'gpt-4o', provider: 'openai' })],
  ['traceLLMCall with unreadable options', (fn) => traceLLMCall(fn, HOSTILE)],
];

const SCOPES: [string, (fn: () => unknown) => unknown][] = [
  ['traceOperation', (fn) => traceOperation('op', fn)],
  ['traceLLM', (fn) => traceLLM({ model: 'gpt-4o' }, fn)],
  ['traceAgent', (fn) => traceAgent({ agentType: 'a' }, fn)],
  ['traceTool', (fn) => traceTool({ name: 't' }, fn)],
  ['traceRetrieval', (fn) => traceRetrieval({ source: 's' }, fn)],
  ['traceAgent with unreadable options', (fn) => traceAgent(HOSTILE, fn)],
  [
    'withSpan',
    (fn) => {
      const span = startSpan('manual');
      try {
        return withSpan(span, fn);
      } finally {
        finishSpan(span);
      }
    },
  ],
];

describe('wrappers of user code call it exactly once, with the same this, arguments and result', () => {
  let tracing: TestTracing;
  before(() => {
    tracing = setupTracing();
  });
  afterEach(() => tracing.exporter.reset());
  after(() => tracing.close());

  for (const [label, wrap] of HELPERS) {
    for (const behaviour of BEHAVIOURS) {
      it(`${label}, when the function ${behaviour === 'value' ? 'returns' : behaviour === 'promise' ? 'returns a promise' : behaviour + 's'}`, async () => {
        await checkPassThrough(wrap, behaviour);
        await getClient().forceFlush();
        assert.equal(
          tracing.spans().length,
          label.includes('unreadable') ? 0 : 1,
          'and the call was traced if it could be'
        );
      });
    }
  }

  for (const [label, make] of DECORATORS) {
    for (const form of ['standard', 'legacy'] as const) {
      for (const behaviour of BEHAVIOURS) {
        it(`${label} (${form}), when the method ${behaviour === 'value' ? 'returns' : behaviour === 'promise' ? 'returns a promise' : behaviour + 's'}`, async () => {
          await checkPassThrough((fn) => decorate(make(), form, fn), behaviour);
          await getClient().forceFlush();
          assert.equal(
            tracing.spans().length,
            label.includes('unreadable') ? 0 : 1,
            'and the call was traced if it could be'
          );
        });
      }
    }
  }

  for (const [label, scope] of SCOPES) {
    it(`${label} runs its callback once and returns its very value`, async () => {
      const made = { made: true };
      const promise = Promise.resolve(made);
      let runs = 0;
      assert.equal(
        scope(() => (runs++, made)),
        made
      );
      assert.equal(
        scope(() => (runs++, promise)),
        promise
      );
      const failure = new Error('scope failure');
      assert.throws(
        () =>
          scope(() => {
            runs++;
            throw failure;
          }),
        (e) => e === failure
      );
      assert.equal(runs, 3);
      await getClient().forceFlush();
      assert.equal(
        tracing.spans().length,
        label.includes('unreadable') ? 0 : 3,
        'and each run was traced if it could be'
      );
    });
  }

  // A query builder (Knex, a Mongoose Query) runs its work on every `then`; Mongoose throws on a second run.
  const lazyQuery = () => {
    const query = {
      runs: 0,
      then(onFulfilled: (v: unknown) => unknown, onRejected?: (e: unknown) => unknown) {
        query.runs++;
        return Promise.resolve({ rows: query.runs, usage: { prompt_tokens: 1 } }).then(onFulfilled, onRejected);
      },
    };
    return query;
  };
  const lazyCases: [string, (fn: () => unknown) => unknown][] = [
    ...SCOPES,
    ...HELPERS.map(([label, wrap]): [string, (fn: () => unknown) => unknown] => [label, (fn) => wrap(fn)()]),
    ...DECORATORS.map(([label, make]): [string, (fn: () => unknown) => unknown] => [
      label,
      (fn) => decorate(make(), 'standard', fn)(),
    ]),
  ];
  for (const [label, run] of lazyCases) {
    it(`${label} hands back a lazy thenable untouched: it runs once, when the caller awaits it`, async () => {
      const query = lazyQuery();
      const returned = run(() => query);
      assert.equal(returned, query);
      await Promise.resolve();
      assert.equal(query.runs, 0, 'nothing ran it behind the caller');
      assert.deepEqual(await returned, { rows: 1, usage: { prompt_tokens: 1 } });
      assert.equal(query.runs, 1);
    });
  }

  it('a traceExistingFunction wrapper used with new constructs once, with the same arguments', () => {
    const seen: unknown[][] = [];
    function Thing(this: { args?: unknown[] }, ...args: unknown[]) {
      seen.push(args);
      this.args = args;
    }
    const Traced = traceExistingFunction(Thing as unknown as Fn) as unknown as new (...a: unknown[]) => {
      args: unknown[];
    };
    const arg = {};
    const made = new Traced(arg);
    assert.equal(seen.length, 1);
    assert.equal(made.args[0], arg);
  });

  it('with tracing shut down, every wrapper still calls through once, unchanged', async () => {
    await shutdown();
    for (const [, wrap] of HELPERS) await checkPassThrough(wrap, 'promise');
    for (const [, make] of DECORATORS) await checkPassThrough((fn) => decorate(make(), 'standard', fn), 'throw');
  });
});
