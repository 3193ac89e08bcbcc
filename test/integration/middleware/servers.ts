/**
 * One small service per framework, run as its own process against the built package and the
 * real framework: POST /chat/:id streams two SSE events after a `retrieve` span, GET /boom
 * throws, GET /health is ignored, POST /shutdown flushes and exits. Each exports to the
 * receiver in `RECEIVER` and listens on `PORT` (127.0.0.1).
 */
import type { ModuleFormat } from '../../helpers/consumer.js';

export interface ServerCase {
  readonly name: string;
  readonly format: ModuleFormat;
  /** binding → module specifier, as `runConsumer` takes them. */
  readonly imports: Readonly<Record<string, string>>;
  readonly body: string;
  /** The route template the chat span is named after (Next names dynamic segments `[id]`). */
  readonly chatRoute?: string;
}

const PRELUDE = `
nt.init({ apiKey: 'server-key', endpoint: process.env.RECEIVER + '/api', project: 'server', export: { flushIntervalMs: 50 } });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const PORT = Number(process.env.PORT);
const OPTIONS = { ignorePaths: ['/health', '/shutdown'] };
// The handler's work: a span, then a streamed answer whose last event is written inside a span.
async function chat(write, end) {
  await nt.traceOperation('retrieve', () => sleep(2));
  write('data: 1\\n\\n');
  await sleep(5);
  nt.traceOperation('sse-last', () => 1);
  end('data: 2\\n\\n');
}
async function stop() {
  await nt.shutdown();
  process.exit(0);
}
const enc = (s) => new TextEncoder().encode(s);
// Pull-based, as a relayed LLM stream is: each chunk is produced when the server reads it.
const sseResponse = () => {
  let step = 0;
  const body = new ReadableStream({
    async pull(c) {
      if (step++ === 0) {
        await nt.traceOperation('retrieve', () => sleep(2));
        c.enqueue(enc('data: 1\\n\\n'));
        return;
      }
      await sleep(5);
      nt.traceOperation('sse-last', () => 1);
      c.enqueue(enc('data: 2\\n\\n'));
      c.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
};
`;

function express(pkg: string, format: ModuleFormat): ServerCase {
  return {
    name: `${pkg} (${format})`,
    format,
    imports: { nt: 'noveum-trace', mw: 'noveum-trace/express', fw: pkg },
    body: `${PRELUDE}
const express = fw.default ?? fw;
const app = express();
app.use(mw.traceRequests(OPTIONS));
app.use(express.json());
const chatRouter = express.Router();
chatRouter.post('/:id', async (req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  await chat((s) => res.write(s), (s) => res.end(s));
});
app.use('/chat', chatRouter);
app.get('/boom', () => { throw new Error('boom'); });
app.get('/health', (req, res) => res.end('ok'));
app.post('/shutdown', (req, res) => { res.end('bye'); void stop(); });
app.listen(PORT, '127.0.0.1');
`,
  };
}

const fastify: ServerCase = {
  name: 'fastify (cjs)',
  format: 'cjs',
  imports: { nt: 'noveum-trace', mw: 'noveum-trace/fastify', fw: 'fastify', stream: 'node:stream' },
  body: `${PRELUDE}
const app = fw();
await app.register(mw.traceRequests, OPTIONS);
// Registered in a child plugin: the tracing still applies (skip-override).
await app.register(async (child) => {
  child.post('/chat/:id', async (request, reply) => {
    const out = new stream.PassThrough();
    void chat((s) => out.write(s), (s) => out.end(s));
    return reply.type('text/event-stream').send(out);
  });
});
app.get('/boom', async () => { throw new Error('boom'); });
app.get('/health', async () => 'ok');
app.post('/shutdown', async (request, reply) => { reply.send('bye'); setImmediate(stop); return reply; });
await app.listen({ port: PORT, host: '127.0.0.1' });
`,
};

const hono: ServerCase = {
  name: 'hono + @hono/node-server (esm)',
  format: 'esm',
  imports: { nt: 'noveum-trace', mw: 'noveum-trace/hono', fw: 'hono', node: '@hono/node-server' },
  body: `${PRELUDE}
const app = new fw.Hono();
app.use(mw.traceRequests(OPTIONS));
app.post('/chat/:id', () => sseResponse());
app.get('/boom', () => { throw new Error('boom'); });
app.get('/health', (c) => c.text('ok'));
app.post('/shutdown', (c) => { setImmediate(stop); return c.text('bye'); });
node.serve({ fetch: app.fetch, port: PORT, hostname: '127.0.0.1' });
`,
};

// App Router handlers are (Request, { params }) => Response: served here by a plain Node server
// that hands them real Fetch Request objects (through @hono/node-server's request listener),
// the way Next's server calls them, without a Next build.
const next: ServerCase = {
  name: 'next route handlers (esm)',
  format: 'esm',
  chatRoute: '/chat/[id]',
  imports: { nt: 'noveum-trace', mw: 'noveum-trace/next', node: '@hono/node-server', http: 'node:http' },
  body: `${PRELUDE}
const POST = mw.traceRoute(async (request, { params }) => { await params; return sseResponse(); });
const GET = mw.traceRoute(() => { throw new Error('boom'); });
const listener = node.getRequestListener(async (request) => {
  const path = new URL(request.url).pathname;
  if (path === '/health') return new Response('ok');
  if (path === '/shutdown') { setImmediate(stop); return new Response('bye'); }
  if (path === '/boom') return GET(request, { params: Promise.resolve({}) }).catch(() => new Response('failed', { status: 500 }));
  const id = path.split('/')[2];
  return POST(request, { params: Promise.resolve({ id }) });
});
http.createServer(listener).listen(PORT, '127.0.0.1');
`,
};

export const SERVER_CASES: readonly ServerCase[] = [
  express('express', 'esm'),
  express('express4', 'cjs'),
  fastify,
  hono,
  next,
];
