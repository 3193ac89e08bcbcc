/**
 * Cut captures are written to the Noveum JSON as their head's JSON plus the marker in ASCII
 * (`\u2026[truncated]`), which keeps the text one-byte. The payload must be the same JSON value
 * as the plain `JSON.stringify` of the trace, for any text, with redaction applied first, and
 * the exit-time (sync) writer must write the same bytes as the async one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { init, shutdown } from '../../../src/api/init.js';
import { startSpan } from '../../../src/api/manual.js';
import type { FinishedTrace, Resource } from '../../../src/core/types.js';
import { KeptTraces } from '../../helpers/tracing.js';
import { ChunkWriter, writePieces, writePiecesSync } from '../../../src/export/chunk-writer.js';
import { noveumTracePieces, toNoveumTrace } from '../../../src/export/noveum/to-noveum-trace.js';
import { deferCapture } from '../../../src/instrumentation/genai/capture.js';
import { otlpSpanPieces, toOtlpSpan } from '../../../src/export/otlp/to-otlp-json.js';
import { createTraceRedactor } from '../../../src/redact/trace-redactor.js';

const RESOURCE: Resource = {
  project: 'p',
  environment: 'e',
  serviceVersion: undefined,
  sdkName: 'noveum-trace-ts',
  sdkVersion: '0.0.0',
};
const CAPTURE = { inputs: true, outputs: true, maxInputLength: 500, maxOutputLength: 500 };
const SECRET = 'nv-secret-key-0123456789';

// Hostile text at every position of the cut: lone surrogates, line separators, control
// characters, quotes and backslashes, the marker's own '…', emoji (a pair across the cut).
const HOSTILE = [
  'plain ascii prose, with "quotes" and \\ backslashes '.repeat(30),
  '\ud800 lone high, lone low \udc00, pair 😀 '.repeat(40),
  'sep\u2028para\u2029nul\u0000bell\u0007del\u007f '.repeat(40),
  'already … an ellipsis …[truncated] inside '.repeat(30),
  'x'.repeat(499) + '😀' + 'y'.repeat(100),
];

async function written(trace: FinishedTrace): Promise<{ sync: string; async: string }> {
  const a = new ChunkWriter();
  await writePieces(a, noveumTracePieces(trace, RESOURCE));
  const s = new ChunkWriter();
  writePiecesSync(s, noveumTracePieces(trace, RESOURCE));
  return { async: Buffer.concat(a.take()).toString('utf8'), sync: Buffer.concat(s.take()).toString('utf8') };
}

describe('Noveum JSON of cut captures', () => {
  const kept = new KeptTraces();
  const traces = kept.traces;
  before(() => init({ exporter: 'none', processors: [kept] }));
  after(() => shutdown(1_000));

  function capture(input: unknown, output: string, maxLength = 500): FinishedTrace {
    const span = startSpan('chat m');
    span.setAttribute('llm.messages', deferCapture(input, maxLength, undefined));
    span.setAttribute('llm.response', deferCapture(output, maxLength, undefined));
    span.setAttribute('llm.model', 'm');
    span.recordException(new Error('boom … \u2028'));
    span.end();
    return traces.at(-1)!;
  }

  it('writes the same JSON value as JSON.stringify for hostile text, in one-byte ASCII for the marker', async () => {
    for (const text of HOSTILE) {
      const trace = capture([{ role: 'user', content: text }], text);
      const expected = JSON.stringify(toNoveumTrace(trace, RESOURCE));
      const { sync, async } = await written(trace);
      assert.deepEqual(JSON.parse(async), JSON.parse(expected));
      assert.equal(sync, async, 'the exit-time writer writes the same bytes');
      const attrs = trace.spans[0]!.attributes;
      assert.ok(String(attrs['llm.response']).endsWith('…[truncated]'), 'the value users read is unchanged');
      // Both cut values are written with the ASCII escape of the marker.
      assert.equal(async.split('\\u2026[truncated]"').length - 1, 2, text.slice(0, 20));
    }
  });

  it('writes cut captures the same way in OTLP/JSON: the same JSON value, the marker in ASCII', async () => {
    for (const text of HOSTILE) {
      const trace = capture([{ role: 'user', content: text }], text);
      const a = new ChunkWriter();
      await writePieces(a, otlpSpanPieces(trace));
      const s = new ChunkWriter();
      writePiecesSync(s, otlpSpanPieces(trace));
      const async = Buffer.concat(a.take()).toString('utf8');
      assert.deepEqual(JSON.parse(async), JSON.parse(JSON.stringify(toOtlpSpan(trace.spans[0]!, true))));
      assert.equal(Buffer.concat(s.take()).toString('utf8'), async, 'the exit-time writer writes the same bytes');
      // gen_ai.input.messages and gen_ai.output.messages, moved from the llm.* names.
      assert.equal(async.split('\\u2026[truncated]"').length - 1, 2, text.slice(0, 20));
    }
  });

  it('writes uncut captures exactly as JSON.stringify does', async () => {
    const trace = capture([{ role: 'user', content: 'short' }], 'short reply');
    const { sync, async } = await written(trace);
    assert.equal(async, JSON.stringify(toNoveumTrace(trace, RESOURCE)));
    assert.equal(sync, async);
  });

  it('keeps the paced writer for a huge capture, with the same JSON value', async () => {
    const huge = 'z"'.repeat(150_000);
    const trace = capture([{ role: 'user', content: huge }], huge, 200_000);
    const { sync, async } = await written(trace);
    assert.deepEqual(JSON.parse(async), JSON.parse(JSON.stringify(toNoveumTrace(trace, RESOURCE))));
    assert.equal(sync, async);
  });

  it('redacts before the head is written: a secret in a cut capture never reaches the payload', async () => {
    const text = `my key is ${SECRET} and more `.repeat(40);
    const trace = capture([{ role: 'user', content: text }], text);
    const redact = createTraceRedactor({}, CAPTURE, [SECRET])!;
    const { sync, async } = await written(redact(trace));
    assert.ok(!async.includes(SECRET) && !sync.includes(SECRET));
    const span = (JSON.parse(async) as { spans: Array<{ attributes: Record<string, string> }> }).spans[0]!;
    assert.match(span.attributes['llm.response']!, /\[REDACTED:[^\]]+\].*…\[truncated\]$/s);
    assert.equal(sync, async);
  });

  it('keeps writing cut captures in ASCII after redaction changed the span, with the secret masked', async () => {
    const text = `head with ${SECRET} inside `.repeat(40);
    const trace = capture([{ role: 'user', content: 'clean '.repeat(200) }], text);
    const span = trace.spans[0]!;
    (span.attributes as Record<string, unknown>)['note'] = `also ${SECRET}`;
    const redacted = createTraceRedactor({}, CAPTURE, [SECRET])!(trace);
    assert.notEqual(redacted.spans[0]!.attributes, span.attributes, 'redaction copied the attributes');
    const { sync, async } = await written(redacted);
    assert.ok(!async.includes(SECRET));
    assert.equal(async.split('\\u2026[truncated]"').length - 1, 2, 'both cut captures keep the ASCII marker');
    assert.deepEqual(JSON.parse(async), JSON.parse(JSON.stringify(toNoveumTrace(redacted, RESOURCE))));
    assert.equal(sync, async);
  });

  it('writes a value replaced after the capture was read as it is', async () => {
    const trace = capture([{ role: 'user', content: 'q'.repeat(900) }], 'r'.repeat(900));
    const span = trace.spans[0]!;
    // A custom processor rewrites the value in place on the same attributes object.
    (span.attributes as Record<string, unknown>)['llm.response'] = 'rewritten';
    const { async } = await written(trace);
    const out = (JSON.parse(async) as { spans: Array<{ attributes: Record<string, string> }> }).spans[0]!;
    assert.equal(out.attributes['llm.response'], 'rewritten');
    assert.ok(out.attributes['llm.messages']!.endsWith('…[truncated]'));
  });
});
