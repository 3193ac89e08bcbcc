// The generic parts of the fake provider servers: SSE framing, the cheap model scan, and one
// `serve` that answers either over a socket or in process. Each provider's file only builds
// its bodies (once, at start-up) and picks one per request.
import { createServer } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** One SSE frame: `event:` when the provider names its events (Anthropic), then `data:`. */
export function sseFrame(data, event) {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return `${event === undefined ? '' : `event: ${event}\n`}data: ${payload}\n\n`;
}

/** The model named in a request body: a cheap scan instead of JSON.parse of up to 100 KB. */
export function modelOf(raw, fallback) {
  const i = raw.indexOf('"model":"');
  if (i < 0) return fallback;
  return raw.slice(i + 9, raw.indexOf('"', i + 9));
}

const isStream = (raw) => raw.includes('"stream":true');

/**
 * The answers of one provider: `pick(raw)` returns the prebuilt JSON body, `stream` is the
 * prebuilt SSE body, `headers` the provider's response headers.
 */
export function fakeProvider({ pick, stream, headers }) {
  const jsonHeaders = { 'content-type': 'application/json', ...headers };
  const streamHeaders = { 'content-type': 'text/event-stream', ...headers };

  /**
   * The same answers without a socket: a `fetch` for the client's `fetch` option. The real
   * client still builds, sends, parses and streams everything; only the transport is in
   * process, so a workload measures the SDKs' CPU cost without loopback-network noise.
   */
  async function inProcessFetch(_url, init) {
    const raw = typeof init?.body === 'string' ? init.body : '';
    if (isStream(raw)) return new Response(stream, { status: 200, headers: streamHeaders });
    return new Response(pick(raw), { status: 200, headers: jsonHeaders });
  }

  /**
   * `inProcessFetch` that first lets the event loop turn once (setImmediate), as a socket would:
   * timers and I/O callbacks (the SDK's batch timer, its export's HTTP) run between calls, as
   * they do in an app, instead of waiting until the measured calls are over.
   */
  async function yieldingFetch(url, init) {
    await nextTurn();
    return inProcessFetch(url, init);
  }

  /** Starts the server on 127.0.0.1 and a port (ephemeral by default); resolves to { server, url }. */
  function start(port = 0) {
    const server = createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        if (isStream(raw)) {
          res.writeHead(200, { ...streamHeaders, 'cache-control': 'no-cache' });
          res.end(stream);
          return;
        }
        const body = pick(raw);
        res.writeHead(200, { ...jsonHeaders, 'content-length': body.length });
        res.end(body);
      });
    });
    server.keepAliveTimeout = 60_000;
    return new Promise((resolve) => {
      server.listen(port, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` }));
    });
  }

  return { inProcessFetch, yieldingFetch, start };
}
