/**
 * Shared setup of the in-process OpenAI scenarios: one fake server, in-memory tracing and a
 * client per mode (patched prototype via `instrument()`, or the `traceOpenAI` proxy), plus an
 * unhandled-rejection detector that fails the suite if any rejection goes unhandled.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { getClient } from '../../../src/api/client.js';
import type { ReadableSpan } from '../../../src/core/types.js';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { traceOpenAI } from '../../../src/instrumentation/openai/traced-client.js';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../fixtures/servers/openai-server.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

export type Mode = 'patch' | 'proxy';

/** What a scenario body reads; fields are filled in by the suite's `before` hook. */
export interface OpenAIHarness {
  readonly OpenAI: any;
  readonly mode: Mode;
  server: FakeOpenAIServer;
  tracing: TestTracing;
  /** A traced client (the patched instance or the proxy view). */
  client: any;
  /** A traced client built from `options` (merged over the fake server's). */
  newClient(options?: Record<string, unknown>): any;
  /** Every exported llm span so far (after a flush). */
  llmSpans(): Promise<ReadableSpan[]>;
  /** The last exported llm span; fails when there is none. */
  lastLlm(): Promise<ReadableSpan>;
  /** Forgets the spans exported so far. */
  fresh(): void;
}

/** Collects unhandled rejections between `start()` and `stop()`. */
export function detectUnhandledRejections(): { start(): void; stop(): unknown[] } {
  const seen: unknown[] = [];
  const listener = (reason: unknown): void => void seen.push(reason);
  return {
    start: () => void process.on('unhandledRejection', listener),
    stop: () => (process.off('unhandledRejection', listener), seen.splice(0)),
  };
}

/** Registers one `describe` per mode around `body`. */
export function describeOpenAIModes(label: string, OpenAI: any, body: (h: OpenAIHarness) => void): void {
  for (const mode of ['patch', 'proxy'] as Mode[]) {
    describe(`${label} (${mode === 'patch' ? 'instrument({ openai })' : 'traceOpenAI(client)'})`, () => {
      const rejections = detectUnhandledRejections();
      const h = { OpenAI, mode } as OpenAIHarness;
      h.newClient = (options = {}) => {
        const raw = new OpenAI({ apiKey: 'sk-test-key', baseURL: h.server.url, maxRetries: 0, ...options });
        return mode === 'proxy' ? traceOpenAI(raw) : raw;
      };
      h.llmSpans = async () => {
        await getClient().forceFlush();
        return h.tracing.spans().filter((s) => s.attributes['noveum.span_type'] === 'llm');
      };
      h.lastLlm = async () => {
        const spans = await h.llmSpans();
        assert.ok(spans.length > 0, 'an llm span was exported');
        return spans[spans.length - 1]!;
      };
      h.fresh = () => h.tracing.exporter.reset();
      before(async () => {
        rejections.start();
        h.server = await startFakeOpenAI();
        h.tracing = setupTracing();
        if (mode === 'patch') assert.ok(instrument({ openai: OpenAI }) >= 5, 'every registry method was patched');
        h.client = h.newClient();
      });
      after(async () => {
        uninstrument('openai');
        await h.tracing.close();
        await h.server.close();
        // Let late rejections (a stream's socket closing, say) surface before checking.
        await new Promise((r) => setTimeout(r, 50));
        assert.deepEqual(rejections.stop(), [], 'no unhandled rejection fired');
      });
      body(h);
    });
  }
}
