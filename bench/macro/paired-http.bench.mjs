// Workload 2, across services: the same paired rounds (macro/paired.bench.mjs: ABBA, a flush per
// traced round, the validity checks) for an HTTP server and for an outgoing `fetch`.
//
// - server: an Express app on 127.0.0.1 answers `GET /items/:id` with a small JSON body. A is an
//   app without tracing (an Express copy loaded before any SDK existed); B the same app with the
//   SDK's server tracing (our `traceRequests` middleware, or OpenTelemetry's HTTP and Express
//   instrumentations on the second copy). Requests come over one keep-alive socket written by
//   hand, so no HTTP client library (and no client instrumentation) runs in the measured process
//   besides the server; each carries a sampled-in `traceparent`, as from an upstream service.
// - fetch: one `fetch` to a server in another process (the sink). A calls it bare; B calls it
//   inside an active span of the SDK, which the SDK propagates (`traceparent` on the request; the
//   OpenTelemetry row also records a client span, as its undici instrumentation does).
// - propagation: both sides call `fetch` inside an active span; A's URL is excluded from the
//   SDK's propagation (ours: `propagation.outgoing.exclude`; OpenTelemetry: the undici
//   instrumentation's `ignoreRequestHook`), B's is not, so the difference is the propagation
//   alone (and, for OpenTelemetry, the client span that carries it).
import { connect } from 'node:net';
import { resultSink } from '../lib/stats.mjs';
import { pairedRounds } from './paired.bench.mjs';
import { warmRounds } from '../lib/warmup.mjs';

/** Requests (or fetches) per round. */
export const HTTP_CALLS = { server: 25, fetch: 25, propagation: 25 };

/** The path the SDKs leave out of their propagation (set up in sdks/noveum.mjs and sdks/otel-http.mjs). */
export const UNPROPAGATED_PATH = '/__bare';

/** The app: one route, a JSON answer. `middleware` is the SDK's, or none. */
function startApp(express, middleware) {
  const app = express();
  if (middleware) app.use(middleware);
  app.get('/items/:id', (req, res) => {
    res.json({ id: req.params.id, name: 'bench item', tags: ['a', 'b', 'c'] });
  });
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/**
 * A keep-alive HTTP/1.1 client on one socket, reading just enough of each response (the
 * head's `content-length`) to know it is complete. `side` goes in a header, so the OpenTelemetry
 * row can leave side A's requests untraced (its HTTP instrumentation patches the process's
 * `http` module for every server).
 */
function socketClient(port, side) {
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  let buffer = '';
  let pending;
  socket.setEncoding('latin1');
  socket.on('data', (chunk) => {
    buffer += chunk;
    const head = buffer.indexOf('\r\n\r\n');
    if (head < 0 || pending === undefined) return;
    const match = /content-length: *(\d+)/i.exec(buffer.slice(0, head));
    const total = head + 4 + Number(match?.[1] ?? 0);
    if (buffer.length < total) return;
    const done = pending;
    pending = undefined;
    const status = buffer.slice(9, 12);
    buffer = buffer.slice(total);
    done.resolve(status);
  });
  socket.on('error', (error) => pending?.reject(error));
  let n = 0;
  return {
    ready: new Promise((resolve) => socket.once('connect', resolve)),
    request() {
      n++;
      // A fresh trace id per request, as each would come from a different upstream trace.
      const traceId = `4bf92f3577b34da6a3ce${n.toString(16).padStart(12, '0')}`;
      const raw = `GET /items/${n} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-bench-side: ${side}\r\ntraceparent: 00-${traceId}-00f067aa0ba902b7-01\r\n\r\n`;
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        socket.write(raw);
      });
    },
    close: () => socket.destroy(),
  };
}

async function requestOnce(client) {
  const status = await client.request();
  if (status !== '200') throw new Error(`server answered ${status}`);
  resultSink.consume(status.length);
}

async function fetchOnce(url) {
  const res = await fetch(url);
  resultSink.consume((await res.text()).length);
}

function sides(sdk) {
  return {
    flush: sdk.traced ? sdk.flush : undefined,
    traced: sdk.traced,
    checkSink: sdk.exportsToSink,
  };
}

function rounds(sdk, a, b, key, { pairs, sinkUrl, scale, call }) {
  const calls = Math.max(2, Math.round(HTTP_CALLS[key] * scale));
  return pairedRounds({
    a,
    b: { ...sides(sdk), ...b },
    request: undefined,
    calls,
    pairs,
    warmRounds: warmRounds(key),
    counters: sdk.counters,
    unit: sdk.counterUnit,
    sinkUrl,
    call,
  });
}

/**
 * Both workloads for one SDK. `UntracedExpress` is the copy loaded before the SDK;
 * `TracedExpress` the copy loaded after it (the one OpenTelemetry's Express instrumentation
 * patched). The SDK adapter gives `serverMiddleware()` (ours) and `inSpan(name, fn)`.
 */
export async function runPairedHttpSuite(sdk, { UntracedExpress, TracedExpress, pairs, sinkUrl, scale }) {
  const serverA = await startApp(UntracedExpress);
  const serverB = await startApp(TracedExpress, sdk.serverMiddleware?.());
  const clientA = socketClient(serverA.address().port, 'a');
  const clientB = socketClient(serverB.address().port, 'b');
  await Promise.all([clientA.ready, clientB.ready]);
  const out = {};
  try {
    const opts = { pairs, sinkUrl, scale, call: requestOnce };
    out.server = await rounds(sdk, { client: clientA }, { client: clientB }, 'server', opts);
    const url = `${sinkUrl}/__echo`;
    const bare = { run: () => fetchOnce(url) };
    const inSpan = { run: () => sdk.inSpan('call-service', () => fetchOnce(url)) };
    const run = { ...opts, call: (client) => client.run() };
    out.fetch = await rounds(sdk, { client: bare }, { client: inSpan }, 'fetch', run);
    const excluded = {
      client: { run: () => sdk.inSpan('call-service', () => fetchOnce(`${sinkUrl}${UNPROPAGATED_PATH}`)) },
      flush: sdk.traced ? sdk.flush : undefined,
      traced: sdk.traced,
    };
    out.propagation = await rounds(sdk, excluded, { client: inSpan }, 'propagation', run);
  } finally {
    clientA.close();
    clientB.close();
    serverA.close();
    serverB.close();
  }
  return out;
}
