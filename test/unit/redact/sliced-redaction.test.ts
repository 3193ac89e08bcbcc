/**
 * Redacting large values must not be one long synchronous step: the trace redactor works
 * a slice at a time (generator steps the export pipeline runs between turns of the event
 * loop), and slicing must mask exactly what one pass over the whole string masks.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { init, shutdown } from '../../../src/api/init.js';
import { traceOperation } from '../../../src/api/scoped.js';
import type { ExportResult, FinishedTrace, ReadableSpan, TraceExporter } from '../../../src/core/types.js';
import { setDiagSink } from '../../../src/diag/diag.js';
import { createTraceRedactor } from '../../../src/redact/trace-redactor.js';
import { SLICE_CHARS } from '../../../src/redact/slice-text.js';

const restoreDiag = setDiagSink(() => {});
after(() => restoreDiag());

const FULL = { inputs: true, outputs: true, maxInputLength: -1, maxOutputLength: -1 };
const SECRETS = [
  'jane.doe@example.com',
  '4111 1111 1111 1111',
  'password: hunter2222',
  'Bearer abcdefghijklmnop',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N',
  '+1 415 555 2671',
];

/** About `length` characters of text with a secret near every position a slice could end. */
function textWithSecretsAtBorders(length: number): string {
  return secretsAtBorders(length).text;
}

function secretsAtBorders(length: number): { text: string; count: number } {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < length; i++) {
    const secret = SECRETS[i % SECRETS.length]!;
    // Words without spaces around the border, so the slicer has to look for a safe cut.
    const filler = 'report_'.repeat(Math.ceil((SLICE_CHARS - 200 + (i % 7) * 37) / 7)) + ' ';
    parts.push(filler, secret, ' ');
    size += filler.length + secret.length + 1;
  }
  return { text: parts.join(''), count: parts.length / 3 };
}

function span(attributes: Record<string, string>, name = 'op'): ReadableSpan {
  return {
    name,
    kind: 'internal',
    traceId: 'a'.repeat(32),
    spanId: 'b'.repeat(16),
    parentSpanId: undefined,
    startTime: 1,
    endTime: 2,
    durationMs: 1,
    attributes,
    events: [],
    links: [],
    status: { code: 'unset' },
    exception: undefined,
    ended: true,
  };
}

function trace(spans: ReadableSpan[]): FinishedTrace {
  return { traceId: 'a'.repeat(32), name: 'op', rootSpan: spans[0], spans, startTime: 1, endTime: 2 };
}

/** Runs redaction steps to the end, counting the points where the export could pause. */
function runCounting<T>(steps: Generator<void, T, void>): { value: T; pauses: number } {
  let pauses = 0;
  let r = steps.next();
  while (r.done !== true) {
    pauses++;
    r = steps.next();
  }
  return { value: r.value, pauses };
}

describe('sliced redaction', () => {
  const redactor = createTraceRedactor({ redactPii: true }, FULL)!;

  it('redacts a long string in many steps, masking the same as one pass, secrets across slice borders included', () => {
    const { text, count } = secretsAtBorders(20 * SLICE_CHARS);
    const t = trace([span({ big: text })]);
    const { value, pauses } = runCounting(redactor.steps(t));
    assert.ok(pauses >= 15, `paused ${pauses} times`);
    const sliced = String(value.spans[0]!.attributes['big']);
    assert.equal(sliced, redactor(t).spans[0]!.attributes['big'], 'the synchronous form gives the same text');
    for (const secret of SECRETS) assert.ok(!sliced.includes(secret.slice(-8)), secret);
    assert.equal(sliced.split('[REDACTED:').length - 1, count, 'one mask per secret');
  });

  it('masks a trace of short strings in steps exactly as in one pass, everywhere a secret can be', () => {
    const key = 'nv_key_0123456789abcdef';
    const literal = createTraceRedactor({}, FULL, [key])!;
    const leaky = (name: string): ReadableSpan => ({
      ...span({ prompt: `mail jane.doe@example.com with ${key}`, n: `${key}!` }, `${name} ${key}`),
      events: [{ name: `sent to jane.doe@example.com ${key}`, time: 1, attributes: { to: key } }],
      status: { code: 'error', message: `failed for ${key}` },
      exception: { type: 'Error', message: `bad ${key}`, stackTrace: `at x (${key})` },
    });
    // The root is not among the spans (a fragment's root): it is redacted too.
    const t = { ...trace([leaky('child')]), rootSpan: leaky('root') };
    for (const [r, secret] of [
      [redactor, 'jane.doe@example.com'],
      [literal, key],
    ] as const) {
      const { value } = runCounting(r.steps(t));
      assert.deepEqual(value, r(t));
      assert.ok(!JSON.stringify(value).includes(secret), `${secret} is masked everywhere`);
    }
  });

  it('pauses between the spans of a large trace', () => {
    const spans = Array.from({ length: 50 }, (_, i) => span({ payload: 'x'.repeat(20_000) + ` mail${i}@example.com` }));
    const { value, pauses } = runCounting(redactor.steps(trace(spans)));
    assert.ok(pauses >= 50, `paused ${pauses} times`);
    assert.equal(value.spans[49]!.attributes['payload'], 'x'.repeat(20_000) + ' [REDACTED:email]');
  });

  it('lets the event loop run while the export pipeline redacts a multi-megabyte attribute', async () => {
    const received: { trace: FinishedTrace; turnsSoFar: number }[] = [];
    let turns = 0;
    let counting = true;
    const tick = (): void => {
      turns++;
      if (counting) setImmediate(tick);
    };
    const exporter: TraceExporter = {
      export(traces): Promise<ExportResult> {
        for (const t of traces) received.push({ trace: t, turnsSoFar: turns });
        return Promise.resolve({ code: 'success' });
      },
      shutdown: () => Promise.resolve(),
    };
    init({ exporter, redaction: { redactPii: true }, maxAttributeLength: 10_000_000 });
    traceOperation('big', (s) => {
      s.setAttribute('payload', textWithSecretsAtBorders(4 * 1024 * 1024));
    });
    setImmediate(tick);
    await shutdown(60_000);
    counting = false;
    assert.equal(received.length, 1);
    assert.ok(!String(received[0]!.trace.spans[0]!.attributes['payload']).includes('jane.doe'));
    // One pass would be a single turn; slices let other callbacks (the counter) run in between.
    assert.ok(received[0]!.turnsSoFar >= 5, `the event loop turned ${received[0]!.turnsSoFar} times`);
  });
});
