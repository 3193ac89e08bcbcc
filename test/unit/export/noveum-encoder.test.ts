/**
 * The Noveum encoder writes its records with templates and per-resource text instead of building
 * and stringifying objects. Its bytes must be exactly those of `JSON.stringify(toNoveumTrace(...))`
 * for any trace: events, links, exceptions, errors, fragments, metadata, non-ASCII text, lone
 * surrogates, hand-made spans with odd field types, very long strings (the paced path), with and
 * without a service version. Cut captures differ only in their marker, written as the ASCII
 * escape `\u2026` (the same JSON value; see noveum-cut-heads.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { init, shutdown } from '../../../src/api/init.js';
import { startSpan } from '../../../src/api/manual.js';
import type { FinishedTrace, ReadableSpan, Resource } from '../../../src/core/types.js';
import { KeptTraces } from '../../helpers/tracing.js';
import { ChunkWriter, writePieces, writePiecesSync, type BodyPiece } from '../../../src/export/chunk-writer.js';
import { NoveumExporter } from '../../../src/export/noveum/noveum-exporter.js';
import { noveumTracePieces, toNoveumTrace } from '../../../src/export/noveum/to-noveum-trace.js';
import { deferCapture } from '../../../src/instrumentation/genai/capture.js';
import { hex, makeFragment, makeSpan, makeTrace, RESOURCE } from './trace-factory.js';

const NO_VERSION: Resource = { ...RESOURCE, serviceVersion: undefined };
const ODD = 'é ✓ 😀 \ud800 lone \udc00 \u2028 "q" \\ \u0000\u001f ';

/** The reference text: the trace's object, stringified; cut values with the marker's ASCII escape. */
function expected(trace: FinishedTrace, resource: Resource): string {
  return JSON.stringify(toNoveumTrace(trace, resource)).split('…[truncated]"').join('\\u2026[truncated]"');
}

async function encoded(pieces: () => Iterable<BodyPiece>): Promise<{ async: string; sync: string }> {
  const a = new ChunkWriter();
  await writePieces(a, pieces());
  const s = new ChunkWriter();
  writePiecesSync(s, pieces());
  return { async: Buffer.concat(a.take()).toString('utf8'), sync: Buffer.concat(s.take()).toString('utf8') };
}

async function assertSameBytes(trace: FinishedTrace, label: string): Promise<void> {
  for (const resource of [RESOURCE, NO_VERSION]) {
    const { async, sync } = await encoded(() => noveumTracePieces(trace, resource));
    assert.equal(async, expected(trace, resource), label);
    assert.equal(sync, async, `${label}: the exit-time writer writes the same bytes`);
  }
}

/** A trace of `spans`, the first of them its root unless `fragment`. */
function traceOf(spans: ReadableSpan[], fragment = false): FinishedTrace {
  const root = spans[0]!;
  return {
    traceId: root.traceId,
    name: root.name,
    rootSpan: fragment ? undefined : root,
    spans,
    startTime: root.startTime,
    endTime: root.endTime,
  };
}

function richTrace(): FinishedTrace {
  const traceId = hex(16);
  const root = makeSpan({
    traceId,
    name: `root ${ODD}`,
    kind: 'server',
    status: { code: 'error', message: `failed ${ODD}` },
    attributes: {
      'user.id': 'u-1',
      'session.id': 42,
      'request.id': ['a', 'b'],
      'noveum.tags': ['x', ODD],
      [`key ${ODD}`]: `value ${ODD}`,
      n: 1.5e-7,
      big: 1e21,
      neg: -0,
      flags: [true, false],
    },
    events: [{ name: `event ${ODD}`, time: Date.UTC(2026, 0, 2) + 0.001, attributes: { k: ODD, n: 3 } }],
    links: [{ traceId: hex(16), spanId: hex(8), attributes: { why: ODD } }],
    exception: { type: 'TypeError', message: `boom ${ODD}`, stackTrace: `at x ${ODD}` },
  });
  const child = makeSpan({
    traceId,
    name: 'child',
    parentSpanId: root.spanId,
    status: { code: 'ok' },
    exception: { type: 'E', message: 'no stack', stackTrace: undefined },
  });
  const errored = makeSpan({ traceId, name: 'errored', parentSpanId: root.spanId, status: { code: 'error' } });
  return traceOf([root, child, errored]);
}

describe('Noveum encoder: the bytes of JSON.stringify(toNoveumTrace(...))', () => {
  it('writes plain traces, fragments and traces without spans byte for byte', async () => {
    const trace = makeTrace('root', 3, { 'llm.model': 'm', tokens: 12 });
    await assertSameBytes(trace, 'plain trace');
    await assertSameBytes(makeFragment(trace, 2), 'fragment');
    await assertSameBytes(
      traceOf([makeSpan({ traceId: hex(16), name: 'x', status: { code: 'error' } })], true),
      'error fragment'
    );
    await assertSameBytes({ ...trace, spans: [] }, 'no spans');
  });

  it('writes events, links, exceptions, errors, metadata and non-ASCII text byte for byte', async () => {
    await assertSameBytes(richTrace(), 'rich trace');
    const tags = richTrace();
    (tags.rootSpan!.attributes as Record<string, unknown>)['noveum.tags'] = 'single';
    await assertSameBytes(tags, 'a single tag');
  });

  it('writes odd times and numbers of hand-made spans as JSON.stringify does', async () => {
    const traceId = hex(16);
    const spans = [
      makeSpan({ traceId, name: 'a', startTime: Number.NaN, endTime: Number.POSITIVE_INFINITY }),
      makeSpan({ traceId, name: 'b', startTime: 5, endTime: 1e20 }),
      { ...makeSpan({ traceId, name: 'c' }), durationMs: Number.NaN },
    ];
    await assertSameBytes(traceOf(spans), 'odd times');
    await assertSameBytes({ ...traceOf(spans), startTime: Number.NaN }, 'a NaN trace start');
  });

  it('writes spans whose fields have unexpected types as JSON.stringify does', async () => {
    const traceId = hex(16);
    const odd = [
      { ...makeSpan({ traceId, name: 'no attributes' }), attributes: undefined },
      { ...makeSpan({ traceId, name: 'null attributes' }), attributes: null },
      { ...makeSpan({ traceId, name: 'numeric id' }), spanId: 7 },
      { ...makeSpan({ traceId, name: 'no id' }), spanId: undefined },
      { ...makeSpan({ traceId, name: 'numeric message' }), status: { code: 'error', message: 3 } },
      { ...makeSpan({ traceId, name: 'string duration' }), durationMs: '5' },
      { ...makeSpan({ traceId, name: 'null parent' }), parentSpanId: null },
      makeSpan({ traceId, name: 'fn attribute', attributes: { f: (() => 1) as never, u: undefined as never } }),
    ] as unknown as ReadableSpan[];
    for (const span of odd) await assertSameBytes(traceOf([span]), span.name);
    await assertSameBytes({ ...traceOf(odd.slice(0, 1)), name: undefined as never }, 'a trace without a name');
  });

  it('writes very long strings (the paced path) byte for byte', async () => {
    const long = `${ODD}${'z"é'.repeat(60_000)}`;
    const traceId = hex(16);
    const spans = [
      makeSpan({ traceId, name: 'long attribute', attributes: { text: long, list: ['a', long] } }),
      makeSpan({
        traceId,
        name: 'long event',
        events: [{ name: 'e', time: Date.UTC(2026, 0, 1), attributes: { long } }],
      }),
      makeSpan({ traceId, name: 'long exception', exception: { type: 'E', message: long, stackTrace: undefined } }),
      makeSpan({ traceId, name: long }),
    ];
    await assertSameBytes(traceOf(spans), 'long strings');
  });

  it('writes a batch as the exporter sends it: the traces joined, then the timestamp', async () => {
    class Probe extends NoveumExporter {
      pieces(traces: readonly FinishedTrace[]): Iterable<BodyPiece> {
        return this._bodyPieces(traces);
      }
    }
    const probe = new Probe({ apiKey: 'k', endpoint: 'http://127.0.0.1:9/api', resource: RESOURCE });
    const traces = [makeTrace('a', 1), richTrace(), makeFragment(makeTrace('b', 0))];
    const { async, sync } = await encoded(() => probe.pieces(traces));
    const joined = traces.map((t) => JSON.stringify(toNoveumTrace(t, RESOURCE))).join(',');
    assert.match(async, /^\{"traces":\[.*\],"timestamp":\d+(\.\d+)?\}$/s);
    assert.equal(async.slice(0, async.lastIndexOf('],"timestamp":')), `{"traces":[${joined}`);
    assert.equal(sync.slice(0, sync.lastIndexOf('],"timestamp":')), `{"traces":[${joined}`);
    await probe.shutdown();
  });
});

describe('Noveum encoder: cut captures', () => {
  const kept = new KeptTraces();
  const traces = kept.traces;
  before(() => init({ exporter: 'none', processors: [kept] }));
  after(() => shutdown(1_000));

  function captured(text: string, extra: (span: ReturnType<typeof startSpan>) => void = () => {}): FinishedTrace {
    const root = startSpan(`agent ${ODD}`);
    root.setAttribute('user.id', 'u');
    const span = startSpan('chat m', { parent: root });
    span.setAttribute('llm.messages', deferCapture([{ role: 'user', content: text }], 500, undefined));
    span.setAttribute('llm.response', deferCapture(text, 500, undefined));
    span.setAttribute('llm.model', 'm');
    extra(span);
    span.end();
    root.end();
    return traces.at(-1)!;
  }

  it('writes the marker as its ASCII escape and every other byte as JSON.stringify does', async () => {
    for (const text of [`plain "prose" \\ ${'x'.repeat(600)}`, ODD.repeat(40), 'x'.repeat(499) + '😀' + 'y']) {
      const trace = captured(text);
      await assertSameBytes(trace, text.slice(0, 12));
      const { async } = await encoded(() => noveumTracePieces(trace, RESOURCE));
      assert.equal(async.split('\\u2026[truncated]"').length - 1, 2, 'both captures are cut');
      const withEvents = captured(text, (s) => {
        s.addEvent(`note ${ODD}`, { k: ODD });
        s.addLink({ traceId: hex(16), spanId: hex(8), attributes: { a: 1 } });
        s.recordException(new Error(`boom ${ODD}`));
        s.setStatus('error', ODD);
      });
      await assertSameBytes(withEvents, `${text.slice(0, 12)} with events`);
    }
  });

  it('leaves out members JSON.stringify leaves out, next to cut captures', async () => {
    const trace = captured('q'.repeat(900));
    // A processor put a function on the same attributes object: JSON.stringify leaves it out.
    (trace.spans.at(-1)!.attributes as Record<string, unknown>)['callback'] = () => 1;
    (trace.spans[0]!.attributes as Record<string, unknown>)['callback'] = () => 1;
    await assertSameBytes(trace, 'function member');
  });
});
