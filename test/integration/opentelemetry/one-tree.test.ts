/**
 * One tree with the app's OpenTelemetry SDK (`@opentelemetry/sdk-trace-node` and the real HTTP
 * instrumentation, talking to a service on 127.0.0.1): OpenTelemetry spans started inside noveum
 * scopes are their children, noveum spans started inside OpenTelemetry spans are theirs, and
 * with `NoveumSpanProcessor` on the provider every span reaches the Noveum receiver once, in one
 * trace payload. Before this, a noveum span inside an OpenTelemetry span started a trace of its
 * own and OpenTelemetry never saw noveum's spans.
 */
import assert from 'node:assert/strict';
import type * as Http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { after, before, beforeEach, describe, it } from 'node:test';
import { trace } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { flush, init, shutdown } from '../../../src/api/init.js';
import { traceLLM, traceOperation, traceTool } from '../../../src/api/scoped.js';
import { NoveumSpanProcessor } from '../../../src/index.js';
import {
  noveumTraces,
  startNoveumReceiver,
  type NoveumSpanBody,
  type Receiver,
} from '../../fixtures/servers/noveum-receiver.js';

const INGEST_PATH = '/api/v1/traces';

/** The spans of one exported trace, by name; fails unless each name is there exactly once. */
function byName(spans: readonly NoveumSpanBody[]): Record<string, NoveumSpanBody> {
  const out: Record<string, NoveumSpanBody> = {};
  for (const s of spans) {
    assert.equal(out[s.name], undefined, `one span named ${s.name}`);
    out[s.name] = s;
  }
  return out;
}

describe('one tree with the OpenTelemetry SDK', () => {
  const otelMemory = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({
    spanProcessors: [new NoveumSpanProcessor(), new SimpleSpanProcessor(otelMemory)],
  });
  const instrumentation = new HttpInstrumentation({
    // The receiver stands in for Noveum's backend, which is never in the app's process.
    ignoreIncomingRequestHook: (req) => req.url === INGEST_PATH,
  });
  let http: typeof Http;
  let receiver: Receiver;
  let service: Http.Server;
  let serviceUrl: string;

  /** A GET through the instrumented `http` module; resolves with the body. */
  const get = (path: string): Promise<string> =>
    new Promise((resolve, reject) => {
      http
        .get(`${serviceUrl}${path}`, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve(body));
        })
        .on('error', reject);
    });

  before(async () => {
    provider.register();
    instrumentation.setTracerProvider(provider);
    instrumentation.enable();
    // Required after enable(), as an app does once its instrumentations are registered.
    http = createRequire(import.meta.url)('node:http') as typeof Http;
    service = http.createServer((req, res) => {
      // Runs in the OpenTelemetry server span's context.
      const answer = req.url === '/tool' ? traceTool({ name: 'lookup' }, () => 'found') : 'plain';
      res.end(answer);
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    serviceUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
    receiver = await startNoveumReceiver();
    init({ exporter: 'noveum', apiKey: 'k-otel', endpoint: `${receiver.url}/api` });
  });
  beforeEach(() => {
    receiver.accepted.length = 0;
    otelMemory.reset();
  });
  after(async () => {
    await shutdown();
    instrumentation.disable();
    await provider.shutdown();
    trace.disable();
    await new Promise((resolve) => service.close(resolve));
    await receiver.close();
  });

  it('an OpenTelemetry HTTP span started inside traceLLM is its child, exported once with it', async () => {
    assert.equal(await traceLLM({ model: 'm-1', provider: 'acme' }, () => get('/plain')), 'plain');
    await flush();
    const traces = noveumTraces(receiver);
    assert.equal(traces.length, 1, 'one trace payload');
    const spans = traces[0]!.spans;
    const llm = spans.find((s) => s.attributes['noveum.span_type'] === 'llm');
    const client = spans.find(
      (s) => s.attributes['otel.scope.name'] !== undefined && s.parent_span_id === llm?.span_id
    );
    assert.ok(llm && client, `an HTTP client span under the LLM span: ${JSON.stringify(spans.map((s) => s.name))}`);
    assert.equal(client.trace_id, llm.trace_id);
    assert.equal(client.attributes['otel.scope.name'], '@opentelemetry/instrumentation-http');
    const server = spans.find((s) => s.parent_span_id === client.span_id);
    assert.ok(server, 'the service’s server span continues the client span (traceparent)');
    assert.equal(new Set(spans.map((s) => s.span_id)).size, spans.length, 'each span once');
    assert.equal(spans.length, 3);
    // OpenTelemetry's own export has the same parent ids.
    const otelClient = otelMemory.getFinishedSpans().find((s) => s.spanContext().spanId === client.span_id);
    assert.equal(otelClient?.parentSpanContext?.spanId, llm.span_id);
  });

  it('a noveum span started inside an OpenTelemetry span is its child, in the same payload', async () => {
    const tracer = trace.getTracer('app');
    await tracer.startActiveSpan('otel-job', async (span) => {
      await traceOperation('noveum-step', async () => undefined);
      span.end();
    });
    await flush();
    const traces = noveumTraces(receiver);
    assert.equal(traces.length, 1);
    const spans = byName(traces[0]!.spans);
    assert.equal(spans['otel-job']?.parent_span_id, null, 'the OpenTelemetry span is the root');
    assert.equal(spans['noveum-step']?.parent_span_id, spans['otel-job']?.span_id);
    assert.equal(spans['noveum-step']?.trace_id, spans['otel-job']?.trace_id);
    assert.equal(traces[0]!.name, 'otel-job');
  });

  it('noveum → OpenTelemetry HTTP client → server → noveum is one trace with the right parents', async () => {
    assert.equal(await traceOperation('outer', () => get('/tool')), 'found');
    await flush();
    const traces = noveumTraces(receiver);
    assert.equal(traces.length, 1, 'one payload holds the whole trace');
    const spans = traces[0]!.spans;
    assert.equal(spans.length, 4);
    assert.equal(new Set(spans.map((s) => s.trace_id)).size, 1, 'one trace id');
    const outer = spans.find((s) => s.name === 'outer')!;
    const client = spans.find((s) => s.parent_span_id === outer.span_id)!;
    const server = spans.find((s) => s.parent_span_id === client?.span_id)!;
    const lookup = spans.find((s) => s.name === 'tool.lookup')!;
    assert.ok(client && server, JSON.stringify(spans.map((s) => [s.name, s.span_id, s.parent_span_id])));
    assert.equal(outer.parent_span_id, null);
    assert.equal(lookup.parent_span_id, server.span_id, 'the noveum span in the handler is the server span’s child');
    assert.deepEqual(
      otelMemory
        .getFinishedSpans()
        .map((s) => s.spanContext().spanId)
        .sort(),
      [client.span_id, server.span_id].sort(),
      'OpenTelemetry recorded only its own spans: noveum spans are never exported twice'
    );
  });

  it('sends no spans for its own export requests', async () => {
    traceOperation('alone', () => undefined);
    await flush();
    await flush();
    const names = noveumTraces(receiver).flatMap((t) => t.spans.map((s) => s.name));
    assert.deepEqual(names, ['alone']);
  });
});
