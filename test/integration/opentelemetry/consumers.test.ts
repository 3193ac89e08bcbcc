/**
 * The built package next to the real OpenTelemetry SDK, from ESM and CommonJS consumers: one
 * tree across noveum and OpenTelemetry HTTP spans, each span exported once (the exporter's own
 * requests are never traced, which in CommonJS reach the instrumented `http`); and an app that
 * never loads OpenTelemetry gets none of it loaded by noveum-trace.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FORMATS, runConsumer } from '../../helpers/consumer.js';

const IMPORTS = { nt: 'noveum-trace', mod: 'node:module' };

// A Noveum receiver and a service in the consumer itself; the receiver's path is not traced, as
// Noveum's backend is never in the app's process.
const ONE_TREE = `
const req = mod.createRequire(process.cwd() + '/');
const { NodeTracerProvider } = req('@opentelemetry/sdk-trace-node');
const { HttpInstrumentation } = req('@opentelemetry/instrumentation-http');
const zlib = req('node:zlib');
const provider = new NodeTracerProvider({ spanProcessors: [new nt.NoveumSpanProcessor()] });
provider.register();
const inst = new HttpInstrumentation({ ignoreIncomingRequestHook: (r) => r.url === '/api/v1/traces' });
inst.setTracerProvider(provider);
inst.enable();
const http = req('node:http');
const bodies = [];
const server = http.createServer((q, s) => {
  if (q.url !== '/api/v1/traces') return s.end(nt.traceTool({ name: 'lookup' }, () => 'found'));
  const chunks = [];
  q.on('data', (c) => chunks.push(c));
  q.on('end', () => {
    const raw = Buffer.concat(chunks);
    bodies.push(JSON.parse((q.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw).toString()));
    s.end('{}');
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = 'http://127.0.0.1:' + server.address().port;
nt.init({ exporter: 'noveum', apiKey: 'k-otel', endpoint: url + '/api' });
const get = (p) => new Promise((res, rej) => {
  http.get(url + p, (r) => { let b = ''; r.on('data', (c) => (b += c)); r.on('end', () => res(b)); }).on('error', rej);
});
const answer = await nt.traceOperation('outer', () => get('/tool'));
await nt.flush();
await nt.flush();
report({ answer, traces: bodies.flatMap((b) => b.traces.map((t) => t.spans.map((s) => [s.name, s.span_id, s.parent_span_id, s.trace_id]))) });
await nt.shutdown();
await provider.shutdown();
server.close();
`;

const NO_OTEL = `
nt.init({ exporter: 'none' });
await nt.traceOperation('outer', () => nt.traceLLM({ model: 'm' }, async () => 1));
await nt.flush();
const req = mod.createRequire(process.cwd() + '/');
report({
  loaded: Object.keys(req.cache).filter((k) => k.includes('@opentelemetry')),
  global: Object.getOwnPropertySymbols(globalThis).map(String).filter((s) => s.includes('opentelemetry')),
});
await nt.shutdown();
`;

describe('noveum-trace and the OpenTelemetry SDK, built package', () => {
  for (const format of FORMATS) {
    it(`${format}: noveum → HTTP client → HTTP server → noveum is one trace, each span once`, async () => {
      const run = await runConsumer(format, ONE_TREE, { imports: IMPORTS });
      assert.equal(run.code, 0, run.stderr);
      const { answer, traces } = run.reports[0] as {
        answer: string;
        traces: [string, string, string | null, string][][];
      };
      assert.equal(answer, 'found');
      assert.equal(traces.length, 1, `one trace payload, no spans of the export itself: ${JSON.stringify(traces)}`);
      const spans = traces[0]!;
      assert.equal(spans.length, 4);
      assert.equal(new Set(spans.map((s) => s[3])).size, 1);
      const outer = spans.find((s) => s[0] === 'outer')!;
      const client = spans.find((s) => s[2] === outer[1])!;
      const server = spans.find((s) => s[2] === client[1])!;
      const lookup = spans.find((s) => s[0] === 'tool.lookup')!;
      assert.equal(outer[2], null);
      assert.equal(lookup[2], server[1]);
    });

    it(`${format}: an app that never loads OpenTelemetry gets none of it loaded`, async () => {
      const run = await runConsumer(format, NO_OTEL, { imports: IMPORTS });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(run.reports[0], { loaded: [], global: [] });
    });
  }
});
