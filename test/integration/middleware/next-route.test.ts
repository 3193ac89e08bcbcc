/**
 * `noveum-trace/next` called the way Next's server calls an App Router route handler: with a
 * real Fetch `Request` and `{ params }` (a promise since Next 15), reading the returned body.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { traceOperation } from '../../../src/api/scoped.js';
import { routeFromParams, traceRoute } from '../../../src/middleware/next/index.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

function sse(events: string[], onLast: () => void): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i === events.length) {
        onLast();
        controller.close();
        return;
      }
      controller.enqueue(new TextEncoder().encode(`data: ${events[i++]}\n\n`));
    },
  });
}

describe('traceRoute()', () => {
  let t: TestTracing;
  beforeEach(() => {
    t = setupTracing();
  });
  afterEach(() => t.close());

  it('continues the caller trace, names the span after the route and keeps it open while the body streams', async () => {
    const POST = traceRoute(async (request: Request, _ctx: { params: Promise<{ id: string }> }) => {
      await traceOperation('retrieve', async () => 1);
      return new Response(
        sse(['a', 'b'], () => traceOperation('stream-end', () => 1)),
        { status: 201, headers: { 'content-type': 'text/event-stream', 'x-mine': request.method } }
      );
    });
    const request = new Request('http://localhost/api/chat/42?secret=1', {
      method: 'POST',
      headers: { traceparent: `00-${TRACE}-${PARENT}-01`, baggage: 'user.id=u1' },
    });
    const response = await POST(request, { params: Promise.resolve({ id: '42' }) });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('x-mine'), 'POST');
    assert.equal(t.spans().filter((s) => s.kind === 'server').length, 0, 'still open before the body is read');
    assert.equal(await response.text(), 'data: a\n\ndata: b\n\n');
    const server = t.span('POST /api/chat/[id]');
    assert.equal(server.traceId, TRACE);
    assert.equal(server.parentSpanId, PARENT);
    assert.equal(server.kind, 'server');
    assert.equal(server.attributes['url.path'], '/api/chat/42');
    assert.equal(server.attributes['http.route'], '/api/chat/[id]');
    assert.equal(server.attributes['http.response.status_code'], 201);
    assert.equal(server.attributes['user.id'], 'u1');
    assert.equal(t.span('retrieve').parentSpanId, server.spanId);
    assert.equal(t.span('stream-end').parentSpanId, server.spanId);
  });

  it('ends the span when the client goes away mid-stream (the body is cancelled)', async () => {
    const GET = traceRoute(() => new Response(new ReadableStream({ pull: () => new Promise(() => {}) })), {
      route: '/api/events',
    });
    const response = await GET(new Request('http://localhost/api/events'), undefined);
    await response.body!.cancel();
    assert.equal(t.span('GET /api/events').attributes['http.route'], '/api/events');
  });

  it('passes a thrown error through as the same object and marks the span failed', async () => {
    const error = new Error('model down');
    const POST = traceRoute(async () => {
      throw error;
    });
    await assert.rejects(POST(new Request('http://localhost/api/x', { method: 'POST' }), {}), (e) => e === error);
    const span = t.span('POST /api/x');
    assert.equal(span.status.code, 'error');
    assert.equal(span.exception?.message, 'model down');
  });

  it('records nothing for a sampled-out caller (-00) or an ignored path, and still answers', async () => {
    const GET = traceRoute(() => new Response('ok'), { ignorePaths: ['/api/health'] });
    const sampledOut = new Request('http://localhost/api/a', { headers: { traceparent: `00-${TRACE}-${PARENT}-00` } });
    assert.equal(await (await GET(sampledOut, {})).text(), 'ok');
    assert.equal(await (await GET(new Request('http://localhost/api/health'), {})).text(), 'ok');
    assert.deepEqual(t.spans(), []);
  });

  it('marks a 5xx response as an error', async () => {
    const GET = traceRoute(() => new Response(null, { status: 503 }));
    await GET(new Request('http://localhost/api/busy'), {});
    const span = t.span('GET /api/busy');
    assert.equal(span.status.code, 'error');
    assert.equal(span.attributes['http.response.status_code'], 503);
  });
});

describe('routeFromParams()', () => {
  it('puts dynamic and catch-all segment names back, never leaving an id in the name', () => {
    assert.equal(routeFromParams('/api/chat/42', { id: '42' }), '/api/chat/[id]');
    assert.equal(routeFromParams('/docs/a/b/c', { slug: ['a', 'b', 'c'] }), '/docs/[...slug]');
    assert.equal(routeFromParams('/u/j%20d/posts/7', { user: 'j d', post: '7' }), '/u/[user]/posts/[post]');
    assert.equal(routeFromParams('/static', undefined), '/static');
  });
});
