/**
 * The contract every LLM provider integration passes (HOUSE_STYLE rule 33), against the real SDK
 * and a fake server on 127.0.0.1: the caller gets the SDK's own objects and errors, each call is
 * one LLM span (inside `traceLLM`, the scope's span, enriched), and every way a stream can end
 * ends its span exactly once. Each skipped case carries its reason.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { getClient } from '../../../src/api/client.js';
import { traceLLM } from '../../../src/api/scoped.js';
import { ATTR_LLM_RESPONSE_ID } from '../../../src/core/semconv.js';
import { endOpenWork } from '../../../src/core/open-work.js';
import type { ReadableSpan } from '../../../src/core/types.js';
import { getDiagnostics } from '../../../src/diag/internal-errors.js';
import type { TestTracing } from '../../helpers/tracing.js';

export type InstrumentationCase =
  | 'same-objects'
  | 'same-errors'
  | 'one-span'
  | 'llm-owner'
  | 'llm-owner-stream'
  | 'stream-complete'
  | 'stream-break'
  | 'stream-abort'
  | 'stream-error'
  | 'stream-abandoned';

/**
 * What `setup` hands the cases: a traced client, a client of the same SDK to compare objects and
 * errors with (when the integration patches prototypes, it is patched too), and tracing.
 */
export interface ContractSetup {
  readonly traced: any;
  readonly untraced: any;
  readonly tracing: TestTracing;
  /** What the SDK's own method returned last (a spy under the instrumentation), to check identity. */
  readonly lastOriginalResult?: () => unknown;
  teardown(): Promise<void>;
}

export interface StreamOptions {
  readonly chunks: number;
  readonly chunkDelayMs?: number;
  /** The server cuts the connection after this many chunks. */
  readonly dropAfter?: number;
  /** For SDKs aborted through a request option rather than `stream.controller` (see `abortStream`). */
  readonly signal?: AbortSignal;
}

/** A class of the SDK (checked with `instanceof` only). */
export type SdkClass = abstract new (...args: never[]) => unknown;

export interface InstrumentationContract {
  readonly name: string;
  readonly setup: () => Promise<ContractSetup>;
  /** One plain call; returns what the SDK returns (its promise). */
  readonly call: (client: any) => unknown;
  /** One streamed call; returns what the SDK returns (a promise of its stream). */
  readonly callStream: (client: any, options: StreamOptions) => unknown;
  /** A call the server answers with HTTP 429. */
  readonly callError: (client: any) => unknown;
  /**
   * The SDK's promise, stream and error classes. An SDK that returns plain promises and async
   * iterables (Gemini, Bedrock, Mistral) gives only its error class: then the same-objects case
   * checks identity and prototypes instead of Stainless `withResponse()` / `controller` / `tee()`.
   */
  readonly sdk: { readonly APIPromise?: SdkClass; readonly Stream?: SdkClass; readonly APIError: SdkClass };
  /** How the caller aborts a stream it is reading; default `stream.controller.abort()`. */
  readonly abortStream?: (stream: any, controller: AbortController) => void;
  readonly skip?: Partial<Record<InstrumentationCase, string>>;
}

const STREAM_OUTCOME = 'llm.stream.outcome';

async function llmSpans(tracing: TestTracing): Promise<ReadableSpan[]> {
  await getClient().forceFlush();
  return tracing.spans().filter((s) => s.attributes['noveum.span_type'] === 'llm');
}

async function rejection(promise: unknown): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('the call was expected to fail');
}

/** Same-objects for SDKs of plain promises and async iterables: same prototypes, same data, streams read as usual. */
async function samePlainObjects(
  c: InstrumentationContract,
  s: ContractSetup,
  traced: unknown,
  plain: unknown
): Promise<void> {
  assert.equal(Object.getPrototypeOf(traced), Object.getPrototypeOf(plain));
  const [a, b] = await Promise.all([traced, plain]);
  assert.equal(Object.getPrototypeOf(a), Object.getPrototypeOf(b), 'the same result class');
  assert.deepEqual(Object.keys(a as object).sort(), Object.keys(b as object).sort());
  const streamPromise = c.callStream(s.traced, { chunks: 2 });
  if (s.lastOriginalResult !== undefined) assert.equal(streamPromise, s.lastOriginalResult());
  const stream = (await streamPromise) as AsyncIterable<unknown>;
  const plainStream = await (c.callStream(s.untraced, { chunks: 2 }) as Promise<object>);
  assert.equal(Object.getPrototypeOf(stream), Object.getPrototypeOf(plainStream), 'the same stream class');
  let n = 0;
  for await (const _ of stream) n++;
  for await (const _ of plainStream as AsyncIterable<unknown>) n--;
  assert.equal(n, 0, 'the traced stream yields what the untraced one does');
}

/** Registers the contract's cases for one integration (and one way of applying it). */
export function runInstrumentationContract(c: InstrumentationContract): void {
  describe(`${c.name} instrumentation contract`, () => {
    let s: ContractSetup;
    let misuseBefore = 0;
    const test = (name: InstrumentationCase, title: string, body: () => Promise<void>): void => {
      const reason = c.skip?.[name];
      if (reason !== undefined) it(`${title} (skipped: ${reason})`, { skip: reason }, () => undefined);
      else it(title, body);
    };
    /** The single LLM span of the last call, ended once (no double-end warning). */
    const single = async (): Promise<ReadableSpan> => {
      const spans = await llmSpans(s.tracing);
      assert.equal(spans.length, 1, `one LLM span, got ${spans.map((x) => x.name).join(', ')}`);
      assert.equal(getDiagnostics().misuseWarnings, misuseBefore, 'the span was ended once');
      return spans[0]!;
    };
    before(async () => {
      s = await c.setup();
    });
    after(() => s.teardown());
    beforeEach(() => {
      s.tracing.exporter.reset();
      misuseBefore = getDiagnostics().misuseWarnings;
    });

    test('same-objects', 'returns the SDK’s own promise and stream, with their methods', async () => {
      const traced = c.call(s.traced);
      if (s.lastOriginalResult !== undefined) assert.equal(traced, s.lastOriginalResult(), 'the very same object');
      const plain = c.call(s.untraced);
      if (c.sdk.APIPromise === undefined || c.sdk.Stream === undefined) return samePlainObjects(c, s, traced, plain);
      assert.ok(traced instanceof c.sdk.APIPromise);
      assert.equal(Object.getPrototypeOf(traced), Object.getPrototypeOf(plain));
      const { data, response } = await (traced as any).withResponse();
      assert.deepEqual(Object.keys(data).sort(), Object.keys(await (plain as any)).sort());
      assert.equal(typeof response.headers.get, 'function');
      const streamPromise = c.callStream(s.traced, { chunks: 2 });
      if (s.lastOriginalResult !== undefined) assert.equal(streamPromise, s.lastOriginalResult());
      const stream: unknown = await (streamPromise as Promise<unknown>);
      assert.ok(stream instanceof c.sdk.Stream);
      const sdkStream = stream as AsyncIterable<unknown> & { controller: AbortController; tee: unknown };
      assert.equal(typeof sdkStream.controller.abort, 'function');
      assert.equal(typeof sdkStream.tee, 'function');
      for await (const _ of sdkStream) void _;
    });

    test('same-errors', 'rejects with the SDK’s own error class, unchanged', async () => {
      const plain = await rejection(c.callError(s.untraced));
      s.tracing.exporter.reset();
      const traced = await rejection(c.callError(s.traced));
      assert.ok(traced instanceof c.sdk.APIError);
      assert.equal((traced as object).constructor, (plain as object).constructor);
      assert.equal((traced as Error).message, (plain as Error).message);
      const span = await single();
      assert.equal(span.status.code, 'error');
    });

    test('one-span', 'records one LLM span per call, with usage', async () => {
      await c.call(s.traced);
      const span = await single();
      assert.equal(typeof span.attributes['llm.input_tokens'], 'number');
      assert.equal(span.status.code, 'ok');
    });

    test('llm-owner', 'inside traceLLM, writes onto the scope’s span instead of a second one', async () => {
      await traceLLM({ operation: 'contract' }, () => c.call(s.traced));
      const span = await single();
      assert.equal(span.name, 'llm.contract');
      assert.equal(typeof span.attributes['llm.input_tokens'], 'number');
      // The call's identifiers were written (Bedrock's Converse has a request id but no response id).
      assert.notEqual(span.attributes[ATTR_LLM_RESPONSE_ID] ?? span.attributes['llm.request_id'], undefined);
    });

    test('llm-owner-stream', 'inside traceLLM, a stream writes onto the scope’s span when it ends', async () => {
      await traceLLM({ operation: 'contract-stream' }, async () => {
        const stream = await (c.callStream(s.traced, { chunks: 3 }) as Promise<AsyncIterable<unknown>>);
        for await (const _ of stream) void _;
      });
      const span = await single();
      assert.equal(span.name, 'llm.contract-stream');
      assert.equal(span.attributes[STREAM_OUTCOME], 'completed');
    });

    test('stream-complete', 'ends a stream’s span once when it is read to the end', async () => {
      const stream = await (c.callStream(s.traced, { chunks: 3 }) as Promise<AsyncIterable<unknown>>);
      for await (const _ of stream) void _;
      assert.equal((await single()).attributes[STREAM_OUTCOME], 'completed');
    });

    test('stream-break', 'ends a stream’s span once when the caller breaks', async () => {
      const stream = await (c.callStream(s.traced, { chunks: 20, chunkDelayMs: 2 }) as Promise<AsyncIterable<unknown>>);
      for await (const _ of stream) break;
      assert.equal((await single()).attributes[STREAM_OUTCOME], 'cancelled');
    });

    test('stream-abort', 'ends a stream’s span once on controller.abort()', async () => {
      const controller = new AbortController();
      const options = { chunks: 20, chunkDelayMs: 2, signal: controller.signal };
      const stream = await (c.callStream(s.traced, options) as Promise<any>);
      const abort = c.abortStream ?? ((st: any) => st.controller.abort());
      try {
        for await (const _ of stream) abort(stream, controller);
      } catch {
        // Some SDK versions surface the abort to the reader; either way the span ends.
      }
      assert.equal((await single()).attributes[STREAM_OUTCOME], 'aborted');
    });

    test('stream-error', 'ends a stream’s span once with the error when the connection drops', async () => {
      const stream = await (c.callStream(s.traced, { chunks: 6, dropAfter: 2 }) as Promise<AsyncIterable<unknown>>);
      const caught = await rejection(
        (async () => {
          for await (const _ of stream) void _;
        })()
      );
      const span = await single();
      assert.equal(span.status.code, 'error');
      assert.equal(span.attributes['error.type'], (caught as Error).constructor.name);
    });

    test('stream-abandoned', 'ends an abandoned stream’s span once, at shutdown, with what was read', async () => {
      const stream = await (c.callStream(s.traced, { chunks: 3 }) as Promise<AsyncIterable<unknown>>);
      const it = stream[Symbol.asyncIterator]();
      await it.next();
      endOpenWork();
      const span = await single();
      assert.equal(span.attributes[STREAM_OUTCOME], 'abandoned');
      void it.return?.();
    });
  });
}
