/**
 * End to end through init(): with no API key and only the standard OpenTelemetry
 * environment variables set, spans reach a real OTLP/HTTP receiver on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { init, shutdown } from '../../../src/api/init.js';
import { traceOperation } from '../../../src/api/scoped.js';
import type { Receiver } from '../../fixtures/servers/noveum-receiver.js';
import {
  otlpAttributes,
  otlpSpans,
  startOtlpReceiver,
  type OtlpRequestBody,
} from '../../fixtures/servers/otlp-receiver.js';

const VARS = [
  'NOVEUM_API_KEY',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_HEADERS',
] as const;
const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await shutdown(5_000);
  for (const k of VARS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  for (const c of cleanups.splice(0)) await c();
});

async function receiver(): Promise<Receiver> {
  const r = await startOtlpReceiver();
  cleanups.push(() => r.close());
  return r;
}

/** One trace: a root and an LLM child with Noveum `llm.*` attributes; returns the app's result. */
function produce(): string {
  return traceOperation('answer-question', () =>
    traceOperation('chat gpt-4o-mini', (span) => {
      span.setAttribute('llm.provider', 'openai');
      span.setAttribute('llm.model', 'gpt-4o-mini');
      span.setAttribute('llm.input_tokens', 12);
      span.setAttribute('llm.output_tokens', 7);
      return 'the answer';
    })
  );
}

function start(): void {
  delete process.env['NOVEUM_API_KEY'];
  init({ project: 'otlp-env-project', export: { flushIntervalMs: 20, flushOnExit: false, retryBaseDelayMs: 5 } });
}

describe('OTLP delivery configured by the environment', () => {
  it('sends to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT with OTEL_EXPORTER_OTLP_HEADERS, service.name and gen_ai.* names', async () => {
    const r = await receiver();
    process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] = `${r.url}/v1/traces`;
    process.env['OTEL_EXPORTER_OTLP_HEADERS'] = 'x-tenant=acme%20corp,authorization=Bearer%20otlp-token';
    start();
    assert.equal(produce(), 'the answer');
    await shutdown(5_000);

    const req = r.accepted[0]!;
    assert.equal(req.headers['x-tenant'], 'acme corp');
    assert.equal(req.headers.authorization, 'Bearer otlp-token');
    const resource = otlpAttributes((req.json as OtlpRequestBody).resourceSpans[0]!.resource.attributes);
    assert.equal(resource['service.name'], 'otlp-env-project');
    const spans = otlpSpans(r);
    assert.equal(spans.length, 2);
    const llm = otlpAttributes(spans.find((s) => s.name === 'chat gpt-4o-mini')!.attributes);
    assert.equal(llm['gen_ai.provider.name'], 'openai');
    assert.equal(llm['gen_ai.request.model'], 'gpt-4o-mini');
    assert.equal(Number(llm['gen_ai.usage.input_tokens']), 12);
    assert.equal(Number(llm['gen_ai.usage.output_tokens']), 7);
    assert.equal(llm['llm.model'], 'gpt-4o-mini', 'the Noveum names are kept too');
  });

  it('appends /v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT and delivers every span', async () => {
    const r = await receiver();
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = `${r.url}/`;
    start();
    for (let i = 0; i < 5; i++) assert.equal(produce(), 'the answer');
    await shutdown(5_000);
    assert.ok(r.accepted.every((q) => q.path === '/v1/traces'));
    assert.equal(otlpSpans(r).length, 10);
    assert.equal(new Set(otlpSpans(r).map((s) => s.spanId)).size, 10);
  });
});
