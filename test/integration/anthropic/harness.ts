/**
 * Shared setup of the in-process Anthropic scenarios: one fake server, in-memory tracing and a
 * client per mode (patched prototypes via `instrument()`, or the `traceAnthropic` view), with
 * the OpenAI harness's unhandled-rejection detector.
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { getClient } from '../../../src/api/client.js';
import type { ReadableSpan } from '../../../src/core/types.js';
import { traceAnthropic } from '../../../src/instrumentation/anthropic/index.js';
import { instrument, uninstrument } from '../../../src/instrumentation/index.js';
import { startFakeAnthropic, type FakeAnthropicServer } from '../../fixtures/servers/anthropic-server.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';
import { detectUnhandledRejections } from '../openai/harness.js';

export interface AnthropicHarness {
  readonly sdk: any;
  readonly mode: 'patch' | 'proxy';
  server: FakeAnthropicServer;
  tracing: TestTracing;
  /** A traced client (the patched instance or the proxy view). */
  client: any;
  /** Every exported span so far (after a flush). */
  spans(): Promise<readonly ReadableSpan[]>;
  /** Every exported LLM span so far (after a flush). */
  llmSpans(): Promise<ReadableSpan[]>;
  /** The only exported LLM span; fails when there is not exactly one. */
  onlyLlm(): Promise<ReadableSpan>;
  fresh(): void;
}

/** Registers one `describe` per mode around `body`, for the SDK module `sdk`. */
export function describeAnthropicModes(label: string, sdk: any, body: (h: AnthropicHarness) => void): void {
  for (const mode of ['patch', 'proxy'] as const) {
    describe(`${label} (${mode === 'patch' ? 'instrument({ anthropic })' : 'traceAnthropic(client)'})`, () => {
      const rejections = detectUnhandledRejections();
      const h = { sdk, mode } as AnthropicHarness;
      h.spans = async () => {
        await getClient().forceFlush();
        return h.tracing.spans();
      };
      h.llmSpans = async () => (await h.spans()).filter((s) => s.attributes['noveum.span_type'] === 'llm');
      h.onlyLlm = async () => {
        const spans = await h.llmSpans();
        assert.equal(spans.length, 1, `one LLM span, got ${spans.map((s) => s.name).join(', ')}`);
        return spans[0]!;
      };
      h.fresh = () => h.tracing.exporter.reset();
      before(async () => {
        rejections.start();
        h.server = await startFakeAnthropic();
        h.tracing = setupTracing();
        if (mode === 'patch') assert.equal(instrument({ anthropic: sdk.Anthropic }), 4, 'every registry method');
        const raw = new sdk.Anthropic({ apiKey: 'sk-ant-test', baseURL: h.server.url, maxRetries: 0 });
        h.client = mode === 'proxy' ? traceAnthropic(raw) : raw;
      });
      after(async () => {
        uninstrument('anthropic');
        await h.tracing.close();
        await h.server.close();
        await new Promise((r) => setTimeout(r, 50));
        assert.deepEqual(rejections.stop(), [], 'no unhandled rejection fired');
      });
      body(h);
    });
  }
}
