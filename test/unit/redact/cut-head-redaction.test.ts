/**
 * A cut capture is redacted through its head (the text before the marker), so its two-byte
 * joined value is never built at export. The result must be what redacting the whole value
 * gives: the same masks, the same cut secret prefix dropped, the same limits.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { init, shutdown } from '../../../src/api/init.js';
import { startSpan } from '../../../src/api/manual.js';
import type { Attributes, FinishedTrace, ReadableSpan } from '../../../src/core/types.js';
import { KeptTraces } from '../../helpers/tracing.js';
import { deferCapture } from '../../../src/instrumentation/genai/capture.js';
import { safeStringify, truncate } from '../../../src/internal/safe-stringify.js';
import { createTraceRedactor } from '../../../src/redact/trace-redactor.js';

const SECRET = 'nv-secret-key-0123456789';
const MAX = 400;

/** `trace` with its one span's attributes replaced (the rest of the span as it is). */
function withAttributes(trace: FinishedTrace, attributes: Attributes): FinishedTrace {
  const span = trace.spans[0]!;
  const copy: ReadableSpan = {
    name: span.name,
    kind: span.kind,
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    startTime: span.startTime,
    endTime: span.endTime,
    durationMs: span.durationMs,
    attributes,
    events: span.events,
    links: span.links,
    status: span.status,
    exception: span.exception,
    ended: span.ended,
  };
  return { ...trace, spans: [copy], rootSpan: copy };
}

const TEXTS = [
  `key ${SECRET} in the middle `.repeat(30),
  // The secret's first half right before the cut: it must go, as with the whole value.
  'a'.repeat(MAX - 30) + ' ' + SECRET + ' tail',
  'x'.repeat(MAX - 10) + ' ' + SECRET.slice(0, 6),
  '\ud800 lone, U+2028 \u2028, emoji 😀, ellipsis … '.repeat(30),
  'short and clean',
];

describe('redaction of cut captures through their heads', () => {
  const kept = new KeptTraces();
  const traces = kept.traces;
  before(() => init({ exporter: 'none', processors: [kept] }));
  after(() => shutdown(1_000));

  /** A span with the text captured (heads recorded) and a twin with the same values set plainly. */
  function twins(text: string): [Attributes, Attributes] {
    const captured = startSpan('captured');
    captured.setAttribute('llm.messages', deferCapture([{ role: 'user', content: text }], MAX, undefined));
    captured.setAttribute('llm.response', deferCapture(text, MAX, undefined));
    captured.setAttribute('note', deferCapture(text, MAX, undefined));
    captured.end();
    const a = traces.at(-1)!.spans[0]!.attributes;
    const plain = startSpan('plain');
    for (const key of Object.keys(a)) plain.setAttribute(key, String(a[key]));
    plain.end();
    return [a, traces.at(-1)!.spans[0]!.attributes];
  }

  for (const [label, capture] of [
    ['no capture limit', { inputs: true, outputs: true, maxInputLength: 100_000, maxOutputLength: 100_000 }],
    ['limits at the cut', { inputs: true, outputs: true, maxInputLength: MAX, maxOutputLength: MAX }],
    ['limits below the cut', { inputs: true, outputs: true, maxInputLength: MAX - 5, maxOutputLength: MAX - 50 }],
  ] as const) {
    it(`gives what redacting the whole value gives (${label})`, () => {
      for (const secrets of [[SECRET], []]) {
        const redact = createTraceRedactor({}, capture, secrets);
        if (redact === undefined) continue;
        for (const text of TEXTS) {
          const [viaHead, whole] = twins(text);
          const a: Attributes = redact(withAttributes(traces.at(-2)!, viaHead)).spans[0]!.attributes;
          const b: Attributes = redact(withAttributes(traces.at(-1)!, whole)).spans[0]!.attributes;
          for (const key of Object.keys(b))
            assert.equal(String(a[key]), String(b[key]), `${key}: ${text.slice(0, 30)}`);
          assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort());
          if (secrets.length > 0) for (const key of Object.keys(a)) assert.ok(!String(a[key]).includes(SECRET));
        }
      }
    });
  }

  it('takes the whole value when PII detectors run (they have no head form)', () => {
    const redact = createTraceRedactor(
      { redactPii: ['email'] },
      { inputs: true, outputs: true, maxInputLength: MAX, maxOutputLength: MAX },
      [SECRET]
    )!;
    const [viaHead, whole] = twins('mail jane.doe@example.com now '.repeat(30));
    const a: FinishedTrace = redact(withAttributes(traces.at(-2)!, viaHead));
    const b: FinishedTrace = redact(withAttributes(traces.at(-1)!, whole));
    assert.deepEqual({ ...a.spans[0]!.attributes }, { ...b.spans[0]!.attributes });
    assert.match(String(a.spans[0]!.attributes['llm.response']), /\[REDACTED:email\]/);
  });
});

describe('safeStringify of plain data up to twice its budget', () => {
  it('writes what cutting the whole JSON gives, for hostile strings and cut points', () => {
    const content = 'q"\\\n\u2028\ud800😀…é'.repeat(200);
    for (const max of [1, 50, 999, 1500, 2500, 4000]) {
      const value = [{ role: 'system', content: 'be brief' }, { role: 'user', content }, 7, null, true];
      assert.equal(safeStringify(value, max), truncate(JSON.stringify(value), max), `max ${max}`);
    }
  });
});
