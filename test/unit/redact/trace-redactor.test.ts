import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { FinishedTrace, ReadableSpan } from '../../../src/core/types.js';
import { setDiagSink } from '../../../src/diag/diag.js';
import { getDiagnostics, resetDiagnostics } from '../../../src/diag/internal-errors.js';
import { TRUNCATION_MARKER } from '../../../src/internal/safe-stringify.js';
import { createTraceRedactor } from '../../../src/redact/trace-redactor.js';

const FULL = {
  inputs: true,
  outputs: true,
  maxInputLength: Number.POSITIVE_INFINITY,
  maxOutputLength: Number.POSITIVE_INFINITY,
};

function span(overrides: Partial<ReadableSpan> = {}): ReadableSpan {
  return {
    name: 'chat',
    kind: 'client',
    traceId: 'a'.repeat(32),
    spanId: 'b'.repeat(16),
    parentSpanId: undefined,
    startTime: 1,
    endTime: 2,
    durationMs: 1,
    attributes: {},
    events: [],
    links: [],
    status: { code: 'unset' },
    exception: undefined,
    ended: true,
    ...overrides,
  };
}

function trace(...spans: ReadableSpan[]): FinishedTrace {
  const root = spans.find((s) => s.parentSpanId === undefined);
  return { traceId: 'a'.repeat(32), name: 'chat', rootSpan: root, spans, startTime: 1, endTime: 2 };
}

function redactOne(s: ReadableSpan, options = {}, capture = FULL): ReadableSpan {
  const redactor = createTraceRedactor(options, capture);
  assert.ok(redactor, 'a redactor was expected');
  return redactor(trace(s)).spans[0]!;
}

let lines: string[] = [];
let restore: () => void = () => {};
beforeEach(() => {
  lines = [];
  restore = setDiagSink((line) => lines.push(line));
  resetDiagnostics();
});
afterEach(() => restore());

describe('createTraceRedactor', () => {
  it('returns undefined when nothing is configured', () => {
    assert.equal(createTraceRedactor({}, FULL), undefined);
    assert.equal(createTraceRedactor({ redactPii: false, patterns: [], keys: [] }, FULL), undefined);
  });

  it('masks PII in string attributes and string arrays, leaving other values alone', () => {
    const out = redactOne(
      span({ attributes: { 'user.email': 'jane@example.com', tags: ['ok', 'ip 10.0.0.1'], count: 3, flag: true } }),
      { redactPii: true }
    );
    assert.deepEqual(out.attributes, {
      'user.email': '[REDACTED:email]',
      tags: ['ok', 'ip [REDACTED:ipAddress]'],
      count: 3,
      flag: true,
    });
  });

  it('masks event and link attributes, the status message and the exception message and stack', () => {
    const out = redactOne(
      span({
        events: [{ name: 'log', time: 1, attributes: { message: 'mailed bob@example.com' } }],
        links: [{ traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), attributes: { who: 'x@y.io' } }],
        status: { code: 'error', message: 'bad key sk-abcdefghijklmnopqrstu' },
        exception: {
          type: 'Error',
          message: 'no user jane@example.com',
          stackTrace: 'Error: no user jane@example.com\n at f',
        },
      }),
      { redactPii: true }
    );
    assert.equal(out.events[0]!.attributes['message'], 'mailed [REDACTED:email]');
    assert.equal(out.events[0]!.name, 'log');
    assert.equal(out.links[0]!.attributes['who'], '[REDACTED:email]');
    assert.deepEqual(out.status, { code: 'error', message: 'bad key [REDACTED:apiKey]' });
    assert.deepEqual(out.exception, {
      type: 'Error',
      message: 'no user [REDACTED:email]',
      stackTrace: 'Error: no user [REDACTED:email]\n at f',
    });
  });

  it('masks custom patterns, with the user mask function', () => {
    const out = redactOne(span({ attributes: { note: 'order ORD-1234 and ORD-99' } }), {
      patterns: [/ORD-\d+/],
      mask: (match: string, detector: string) => `<${detector}:${match.length}>`,
    });
    assert.equal(out.attributes['note'], 'order <custom:8> and <custom:6>');
  });

  it('drops a field whose mask function throws, never sending it, and counts the failure', () => {
    const out = redactOne(
      span({
        attributes: { secret: 'jane@example.com', safe: 'nothing here' },
        status: { code: 'error', message: 'jane@example.com' },
        exception: { type: 'Error', message: 'jane@example.com', stackTrace: 'at jane@example.com' },
      }),
      {
        redactPii: ['email'],
        mask: () => {
          throw new Error('mask failed');
        },
      }
    );
    assert.deepEqual(out.attributes, { safe: 'nothing here' });
    assert.deepEqual(out.status, { code: 'error' });
    assert.deepEqual(out.exception, { type: 'Error', message: '', stackTrace: undefined });
    assert.ok(!JSON.stringify(out).includes('jane@'), 'the email leaked');
    assert.ok(getDiagnostics().internalErrors >= 3);
  });

  it('masks whole values of listed keys, by name or RegExp', () => {
    const out = redactOne(span({ attributes: { password: 'p', 'x.api_token': 42, 'db.rows': [1, 2], other: 'o' } }), {
      keys: ['password', /token$/i],
    });
    assert.deepEqual(out.attributes, {
      password: '[REDACTED:key]',
      'x.api_token': '[REDACTED:key]',
      'db.rows': [1, 2],
      other: 'o',
    });
  });

  it('drops a key-masked value when the mask throws', () => {
    const out = redactOne(span({ attributes: { password: 'p' } }), {
      keys: ['password'],
      mask: () => {
        throw new Error('no');
      },
    });
    assert.deepEqual(out.attributes, {});
  });

  it('removes inputs and outputs, in attributes and events, when capture is off', () => {
    const attributes = {
      'llm.messages': '[{"role":"user"}]',
      'gen_ai.input.messages': 'in',
      'gen_ai.prompt.0.content': 'in',
      'tool.input': 'in',
      'retrieval.query': 'in',
      'llm.response': 'out',
      'gen_ai.output.messages': 'out',
      'gen_ai.completion.0.content': 'out',
      'tool.output': 'out',
      'retrieval.documents': ['out'],
      'llm.model': 'gpt-4o',
    };
    const s = span({ attributes, events: [{ name: 'e', time: 1, attributes: { 'tool.output': 'out', x: 1 } }] });
    const noInputs = redactOne(s, {}, { ...FULL, inputs: false });
    assert.deepEqual(Object.keys(noInputs.attributes).sort(), [
      'gen_ai.completion.0.content',
      'gen_ai.output.messages',
      'llm.model',
      'llm.response',
      'retrieval.documents',
      'tool.output',
    ]);
    const noOutputs = redactOne(s, {}, { ...FULL, outputs: false });
    assert.deepEqual(Object.keys(noOutputs.attributes).sort(), [
      'gen_ai.input.messages',
      'gen_ai.prompt.0.content',
      'llm.messages',
      'llm.model',
      'retrieval.query',
      'tool.input',
    ]);
    assert.deepEqual(noOutputs.events[0]!.attributes, { x: 1 });
  });

  it('cuts inputs and outputs to their limits with the visible truncation marker', () => {
    const out = redactOne(
      span({
        attributes: {
          'llm.messages': 'x'.repeat(50),
          'llm.response': ['y'.repeat(30), 'short'],
          other: 'z'.repeat(50),
        },
      }),
      {},
      { ...FULL, maxInputLength: 10, maxOutputLength: 20 }
    );
    assert.equal(out.attributes['llm.messages'], 'x'.repeat(10) + TRUNCATION_MARKER);
    assert.deepEqual(out.attributes['llm.response'], ['y'.repeat(20) + TRUNCATION_MARKER, 'short']);
    assert.equal(out.attributes['other'], 'z'.repeat(50), 'only inputs and outputs are cut');
  });

  it('redacts before cutting, so a secret across the cut is not half-sent', () => {
    const out = redactOne(
      span({ attributes: { 'tool.input': 'card 4111111111111111' } }),
      { redactPii: true },
      {
        ...FULL,
        maxInputLength: 12,
      }
    );
    assert.equal(out.attributes['tool.input'], 'card [REDACT' + TRUNCATION_MARKER);
  });

  it('never mutates the input trace or spans; unchanged spans are passed through', () => {
    const dirty = span({
      spanId: '1'.repeat(16),
      attributes: { a: 'jane@example.com' },
      events: [{ name: 'e', time: 1, attributes: { b: 'jane@example.com' } }],
    });
    const clean = span({ spanId: '2'.repeat(16), parentSpanId: '1'.repeat(16), attributes: { a: 'fine' } });
    const input = trace(clean, dirty);
    const snapshot = JSON.stringify(input);
    const redactor = createTraceRedactor({ redactPii: true }, FULL)!;
    const out = redactor(input);
    assert.equal(JSON.stringify(input), snapshot);
    assert.notEqual(out, input);
    assert.equal(out.spans[0], clean);
    assert.notEqual(out.spans[1], dirty);
    assert.equal(out.rootSpan, out.spans[1], 'rootSpan points at the redacted root');
    assert.equal(out.spans[1]!.attributes['a'], '[REDACTED:email]');
    assert.equal(out.spans[1]!.durationMs, 1);
    const untouched = trace(clean);
    assert.equal(redactor(untouched), untouched);
  });

  it('warns once per bad option and keeps working', () => {
    const redactor = createTraceRedactor(
      { redactPii: ['email', 'nope' as never], patterns: ['x' as never], keys: [3 as never], mask: 'no' as never },
      FULL
    )!;
    assert.equal(lines.length, 4, lines.join('\n'));
    assert.match(lines.join('\n'), /"redaction\.redactPii" names an unknown detector "nope"/);
    assert.equal(
      redactor(trace(span({ attributes: { a: 'q@example.com' } }))).spans[0]!.attributes['a'],
      '[REDACTED:email]'
    );
  });
});
