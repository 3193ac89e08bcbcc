import assert from 'node:assert/strict';
import { request as esmRequest, createServer, get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { continueTrace, injectTraceContext } from '../../../src/api/propagation.js';
import { flush, init } from '../../../src/api/init.js';
import { traceOperation } from '../../../src/api/scoped.js';
import { startNoveumReceiver, type Receiver } from '../../fixtures/servers/noveum-receiver.js';
import { setupTracing } from '../../helpers/tracing.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

/** A server on 127.0.0.1 that records the headers of each request. */
async function startEcho(): Promise<{ url: string; seen: IncomingHttpHeaders[]; server: Server }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

function httpGet(url: string, headers: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      res.resume();
      res.on('end', resolve);
    }).on('error', reject);
  });
}

function httpPost(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = esmRequest(url, { method: 'POST' }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end('body');
  });
}

describe('continueTrace()', () => {
  it('continues a sampled remote trace: same trace id, the sender span as parent, baggage ids on the root', async () => {
    const t = setupTracing();
    try {
      const headers = { traceparent: `00-${TRACE}-${SPAN}-01`, baggage: 'user.id=u%201,session.id=s1,other=x' };
      const value = continueTrace(headers, () => traceOperation('server', () => traceOperation('child', () => 7)));
      assert.equal(value, 7);
      const root = t.span('server');
      assert.equal(root.traceId, TRACE);
      assert.equal(root.parentSpanId, SPAN);
      assert.equal(root.attributes['user.id'], 'u 1');
      assert.equal(root.attributes['session.id'], 's1');
      assert.equal(t.span('child').parentSpanId, root.spanId);
      assert.equal(t.span('child').attributes['user.id'], undefined);
    } finally {
      await t.close();
    }
  });

  it('records nothing for a trace sampled out upstream (-00), even at rate 1', async () => {
    const t = setupTracing({ samplingRate: 1 });
    try {
      continueTrace({ traceparent: `00-${TRACE}-${SPAN}-00` }, () => traceOperation('server', () => 1));
      assert.equal(t.spans().length, 0);
    } finally {
      await t.close();
    }
  });

  it('records a trace sampled in upstream (-01) even at rate 0', async () => {
    const t = setupTracing({ samplingRate: 0 });
    try {
      continueTrace({ traceparent: `00-${TRACE}-${SPAN}-01` }, () => traceOperation('server', () => 1));
      assert.equal(t.span('server').traceId, TRACE);
    } finally {
      await t.close();
    }
  });

  it('starts a fresh trace for malformed headers and hides a span active around it', async () => {
    const t = setupTracing();
    try {
      traceOperation('outer', () =>
        continueTrace({ traceparent: `00-${TRACE.toUpperCase()}-${SPAN}-01` }, () => traceOperation('server', () => 1))
      );
      const server = t.span('server');
      assert.notEqual(server.traceId, TRACE);
      assert.equal(server.parentSpanId, undefined);
      assert.notEqual(server.traceId, t.span('outer').traceId);
    } finally {
      await t.close();
    }
  });

  it('passes fn errors through unchanged and keeps sync results sync', async () => {
    const t = setupTracing();
    try {
      const error = new Error('mine');
      assert.throws(
        () =>
          continueTrace({}, () => {
            throw error;
          }),
        (e) => e === error
      );
      const p = Promise.resolve(1);
      assert.equal(
        continueTrace({}, () => p),
        p
      );
    } finally {
      await t.close();
    }
  });
});

describe('injectTraceContext()', () => {
  it('writes the active span, its sampling flag, the received tracestate and the root ids as baggage', async () => {
    const t = setupTracing();
    try {
      const carrier = continueTrace({ traceparent: `00-${TRACE}-${SPAN}-01`, tracestate: 'vendor=1' }, () =>
        traceOperation('root', (root) => {
          root.setAttribute('user.id', 'alice');
          return traceOperation('child', (child) => ({
            out: injectTraceContext({} as Record<string, string>),
            id: child.spanId,
          }));
        })
      );
      assert.equal(carrier.out.traceparent, `00-${TRACE}-${carrier.id}-01`);
      assert.equal(carrier.out.tracestate, 'vendor=1');
      assert.equal(carrier.out.baggage, 'user.id=alice');
    } finally {
      await t.close();
    }
  });

  it('writes nothing outside a span, keeps a traceparent already there and writes -00 for a dropped trace', async () => {
    const t = setupTracing({ samplingRate: 0 });
    try {
      assert.deepEqual(injectTraceContext({}), {});
      const kept = traceOperation('x', () => injectTraceContext({ traceparent: 'mine' }));
      assert.deepEqual(kept, { traceparent: 'mine' });
      const dropped = traceOperation('x', () => injectTraceContext(new Headers()));
      assert.match(dropped.get('traceparent') ?? '', /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    } finally {
      await t.close();
    }
  });
});

describe('outgoing propagation', () => {
  let echo: Awaited<ReturnType<typeof startEcho>>;
  before(async () => {
    echo = await startEcho();
  });
  after(() => echo.server.close());

  it('adds traceparent to fetch, http.get and http.request inside a span, and nothing outside one', async () => {
    const t = setupTracing();
    try {
      echo.seen.length = 0;
      await fetch(`${echo.url}/outside`).then((r) => r.text());
      let spanId = '';
      await traceOperation('client', async (span) => {
        spanId = span.spanId;
        await fetch(`${echo.url}/fetch`).then((r) => r.text());
        await httpGet(`${echo.url}/get`);
        await httpPost(`${echo.url}/post`);
      });
      assert.equal(echo.seen[0]!.traceparent, undefined);
      const traceId = t.span('client').traceId;
      for (const h of echo.seen.slice(1)) assert.equal(h.traceparent, `00-${traceId}-${spanId}-01`);
      assert.equal(echo.seen.length, 4);
    } finally {
      await t.close();
    }
  });

  it("never overwrites the caller's traceparent and never adds a second one", async () => {
    const t = setupTracing();
    try {
      echo.seen.length = 0;
      await traceOperation('client', async (root) => {
        root.setAttribute('user.id', 'u1');
        await fetch(echo.url, { headers: { traceparent: 'user-set' } }).then((r) => r.text());
        await httpGet(echo.url, { TraceParent: 'user-set' });
        await fetch(echo.url, { headers: { baggage: 'mine=1' } }).then((r) => r.text());
      });
      assert.deepEqual(
        echo.seen.map((h) => h.traceparent),
        ['user-set', 'user-set', echo.seen[2]!.traceparent]
      );
      assert.ok(echo.seen[2]!.traceparent);
      assert.equal(echo.seen[2]!.baggage, 'mine=1', "the caller's baggage is kept, not doubled");
      assert.equal(echo.seen[0]!.baggage, undefined, 'nothing is added next to a caller-set traceparent');
    } finally {
      await t.close();
    }
  });

  it('follows include/exclude and turns off with outgoing: false', async () => {
    const t = setupTracing({ propagation: { outgoing: { include: [echo.url], exclude: [/\/private/] } } });
    try {
      echo.seen.length = 0;
      await traceOperation('client', async () => {
        await fetch(`${echo.url}/public`).then((r) => r.text());
        await fetch(`${echo.url}/private`).then((r) => r.text());
      });
      assert.ok(echo.seen[0]!.traceparent);
      assert.equal(echo.seen[1]!.traceparent, undefined);
      init({ exporter: 'none', propagation: { outgoing: false } });
      await traceOperation('client', () => httpGet(echo.url));
      assert.equal(echo.seen[2]!.traceparent, undefined);
    } finally {
      await t.close();
    }
  });

  it('warns once about a bad pattern and an unknown key', async () => {
    const t = setupTracing({ propagation: { outgoing: { include: [42 as never], exlude: [] } as never } });
    try {
      assert.ok(t.diagLines.some((l) => l.includes('propagation.outgoing.include[0]')));
      assert.ok(t.diagLines.some((l) => l.includes('propagation.outgoing.exlude')));
    } finally {
      await t.close();
    }
  });

  it("stops after shutdown(), and never reaches the exporter's own requests", async () => {
    let receiver: Receiver | undefined;
    try {
      receiver = await startNoveumReceiver();
      init({ apiKey: 'k', endpoint: `${receiver.url}/api`, export: { flushIntervalMs: 60_000 } });
      traceOperation('first', () => 1);
      // The flush is started inside a span: its export request must still carry no trace headers.
      await traceOperation('inside', async () => {
        await fetch(echo.url).then((r) => r.text());
        await flush();
        assert.equal(receiver!.accepted.length, 1, 'the export ran while the span was active');
      });
      await flush();
      for (const r of receiver.all) assert.equal(r.headers.traceparent, undefined);
      const t = setupTracing();
      await t.close();
      echo.seen.length = 0;
      await traceOperation('after-shutdown', () => httpGet(echo.url));
      assert.equal(echo.seen[0]!.traceparent, undefined);
    } finally {
      await receiver?.close();
    }
  });
});
