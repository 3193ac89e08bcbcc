/**
 * Peer pitfall 12 ("middleware that never calls the original"), for the OpenAI wrappers: a spy
 * sits on the real prototype method *under* our wrapper, so the tests see what the original
 * received. Patched prototype and `traceOpenAI` proxy alike must call it exactly once, with the
 * same `this` and the very same argument objects, and hand back the very value it returned:
 * on success, on a stream, when the original throws synchronously, when our own preparation
 * fails on hostile arguments, and when tracing is off.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { getClient } from '../../../src/api/client.js';
import { shutdown } from '../../../src/api/init.js';
import { getDiagnostics } from '../../../src/diag/internal-errors.js';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { traceOpenAI } from '../../../src/instrumentation/openai/traced-client.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

interface SpyCall {
  readonly self: unknown;
  readonly args: unknown[];
  readonly result: unknown;
}

const proto = (OpenAI as any).Chat.Completions.prototype;
const REAL_CREATE = proto.create as (...args: unknown[]) => unknown;
const SYNC_FAILURE = new Error('the original threw synchronously');
/** What the spy returns, without a request, for params marked `{ fake: true }` (hostile params). */
const NOT_AN_API_PROMISE = { notAnApiPromise: true };

const calls: SpyCall[] = [];
function spyCreate(this: unknown, ...args: unknown[]): unknown {
  const params = args[0] as { fake?: unknown; model?: unknown } | undefined;
  if (Object.getOwnPropertyDescriptor(params ?? {}, 'fake')?.value === true) {
    calls.push({ self: this, args, result: NOT_AN_API_PROMISE });
    return NOT_AN_API_PROMISE;
  }
  if (Object.getOwnPropertyDescriptor(params ?? {}, 'model')?.value === 'throw-sync') {
    calls.push({ self: this, args, result: undefined });
    throw SYNC_FAILURE;
  }
  const result = REAL_CREATE.apply(this, args);
  calls.push({ self: this, args, result });
  return result;
}

/** The original got exactly these argument objects, in order, and no others. */
function assertSameArgs(call: SpyCall | undefined, expected: unknown[]): void {
  assert.ok(call, 'the original was called');
  assert.equal(call.args.length, expected.length, 'as many arguments as the caller passed');
  expected.forEach((arg, i) => assert.equal(call.args[i], arg, `argument ${i} is the caller's own object`));
}

/** Params whose every read throws: our preparation fails, the original must still run. */
function hostileParams(): object {
  return new Proxy(
    { fake: true },
    {
      get(target, key) {
        if (key === 'fake') return true;
        throw new Error(`hostile read of ${String(key)}`);
      },
      getOwnPropertyDescriptor: (target, key) => Reflect.getOwnPropertyDescriptor(target, key),
    }
  );
}

describe('OpenAI wrappers call the original exactly once, with the same this and arguments', () => {
  let server: FakeOpenAIServer;
  let tracing: TestTracing;
  before(async () => {
    proto.create = spyCreate;
    server = await startFakeOpenAI();
    tracing = setupTracing();
  });
  after(async () => {
    uninstrument('openai');
    proto.create = REAL_CREATE;
    await tracing.close();
    await server.close();
  });
  beforeEach(() => {
    calls.length = 0;
    tracing.exporter.reset();
  });

  for (const mode of ['instrument({ openai })', 'traceOpenAI(client)'] as const) {
    const setup = () => {
      uninstrument('openai');
      const raw = new OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
      if (mode === 'traceOpenAI(client)') return { raw, client: traceOpenAI(raw) as OpenAI };
      assert.ok(instrument({ openai: OpenAI }) >= 5);
      assert.notEqual(proto.create, spyCreate, 'our wrapper sits over the spy');
      return { raw, client: raw };
    };
    const llmSpanCount = async () => {
      await getClient().forceFlush();
      return tracing.spans().filter((s) => s.attributes['noveum.span_type'] === 'llm').length;
    };

    it(`${mode}: passes this and the same params and options objects, and returns what the original returned`, async () => {
      const { raw, client } = setup();
      const params = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };
      const options = { headers: { 'x-test': '1' } };
      const returned = client.chat.completions.create(params, options);
      assert.equal(calls.length, 1);
      assert.equal(calls[0]!.self, raw.chat.completions, 'the real resource is `this`');
      assertSameArgs(calls[0], [params, options]);
      assert.equal(returned, calls[0]!.result, "the original's own APIPromise");
      await returned;
      assert.equal(calls.length, 1, 'awaiting did not call it again');
      assert.equal(await llmSpanCount(), 1);
    });

    it(`${mode}: a streamed call is made once and resolves to the original's own Stream`, async () => {
      const { client } = setup();
      const returned = client.chat.completions.create({
        model: 'gpt-4o-mini@chunks=2',
        messages: [{ role: 'user', content: 's' }],
        stream: true,
      });
      assert.equal(returned, calls[0]!.result);
      const stream = await returned;
      assert.equal(stream, await (calls[0]!.result as Promise<unknown>));
      for await (const _ of stream) void _;
      assert.equal(calls.length, 1);
      assert.equal(await llmSpanCount(), 1);
    });

    it(`${mode}: a synchronous throw of the original is the same object, thrown synchronously, after one call`, async () => {
      const { client } = setup();
      assert.throws(
        () => client.chat.completions.create({ model: 'throw-sync', messages: [] }),
        (e) => e === SYNC_FAILURE
      );
      assert.equal(calls.length, 1);
      assert.equal(await llmSpanCount(), 1, 'the failed call is still recorded');
    });

    it(`${mode}: hostile params that break our preparation still reach the original once, unchanged`, () => {
      const { client } = setup();
      const params = hostileParams();
      const internalErrors = getDiagnostics().internalErrors;
      const options = { timeout: 1000 };
      const returned = (client.chat.completions.create as (...a: unknown[]) => unknown)(params, options);
      assert.equal(calls.length, 1);
      assertSameArgs(calls[0], [params, options]);
      assert.equal(returned, NOT_AN_API_PROMISE, 'a value that is not an APIPromise is returned untouched');
      assert.ok(getDiagnostics().internalErrors > internalErrors, 'our preparation did fail, and was reported');
    });
  }

  it('with tracing shut down, the patched method still calls the original once and returns its value', async () => {
    uninstrument('openai');
    instrument({ openai: OpenAI });
    await shutdown();
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: server.url, maxRetries: 0 });
    const params = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'off' }] };
    const options = { timeout: 5000 };
    const returned = client.chat.completions.create(params, options);
    assert.equal(calls.length, 1);
    assertSameArgs(calls[0], [params, options]);
    assert.equal(returned, calls[0]!.result);
    assert.match((await returned).choices[0]!.message.content ?? '', /Echo: off/);
  });
});
