/**
 * The OTLP encoder writes a span's attributes with their GenAI names straight from the span's
 * attributes (no copy of them) and reads long strings on the span, not on its record. Its bytes
 * must be those of `toOtlpAttributes(withGenAiAttributes(...))` and of `JSON.stringify` of the
 * span's record.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Attributes, FinishedTrace, ReadableSpan } from '../../../src/core/types.js';
import { ChunkWriter, writePieces, writePiecesSync } from '../../../src/export/chunk-writer.js';
import {
  otlpSpanPieces,
  toOtlpAttributes,
  toOtlpGenAiAttributes,
  toOtlpSpan,
  withGenAiAttributes,
} from '../../../src/export/otlp/to-otlp-json.js';
import { hex, makeSpan } from './trace-factory.js';

const ODD = 'é ✓ 😀 \ud800 \u2028 "q" \\ \u0000 ';

const ATTRIBUTE_SETS: Attributes[] = [
  {},
  { plain: 'x', n: 1, f: 1.5, b: true, list: ['a', 'b'] },
  {
    'llm.model': 'm',
    'llm.provider': 'openai',
    'llm.messages': `[{"role":"user","content":"${ODD}"}]`,
    'llm.response': ODD,
    'llm.finish_reason': 'stop',
    'llm.input_tokens': 3,
    after: 'kept in place',
  },
  { 'llm.finish_reason': ['stop', 'length'], 'llm.model': 'm' },
  { 'llm.finish_reason': 7 },
  // GenAI names already set win, and the llm.* values then stay where they are.
  { 'llm.messages': 'mine', 'gen_ai.input.messages': 'theirs', 'llm.model': 'a', 'gen_ai.request.model': 'b' },
  { 'gen_ai.request.model': undefined, 'llm.model': 'm', 'llm.response': 'r' } as unknown as Attributes,
  { 'llm.messages': undefined, 'llm.response': 'r' } as unknown as Attributes,
  { '2': 'integer keys first', 'llm.model': 'm', '1': 'one' },
];

async function written(trace: FinishedTrace): Promise<{ async: string; sync: string }> {
  const a = new ChunkWriter();
  await writePieces(a, otlpSpanPieces(trace));
  const s = new ChunkWriter();
  writePiecesSync(s, otlpSpanPieces(trace));
  return { async: Buffer.concat(a.take()).toString('utf8'), sync: Buffer.concat(s.take()).toString('utf8') };
}

describe('OTLP encoder', () => {
  it('writes GenAI attributes exactly as toOtlpAttributes(withGenAiAttributes(...))', () => {
    // An undefined value cannot be written (the span API never stores one): both throw.
    const outcome = (write: () => unknown): string => {
      try {
        return JSON.stringify(write());
      } catch {
        return 'throws';
      }
    };
    for (const attributes of ATTRIBUTE_SETS) {
      const expected = outcome(() => toOtlpAttributes(withGenAiAttributes(attributes)));
      assert.equal(
        outcome(() => toOtlpGenAiAttributes(attributes)),
        expected,
        JSON.stringify(attributes)
      );
    }
  });

  it('writes each span as JSON.stringify of its record, long strings included', async () => {
    const traceId = hex(16);
    const long = `${ODD}${'z"é'.repeat(60_000)}`;
    const spans: ReadableSpan[] = [
      ...ATTRIBUTE_SETS.filter((a) => !Object.values(a).includes(undefined as never)).map((attributes, i) =>
        makeSpan({ traceId, name: `s${i} ${ODD}`, attributes })
      ),
      makeSpan({
        traceId,
        name: 'events',
        status: { code: 'error', message: ODD },
        events: [{ name: `e ${ODD}`, time: Date.UTC(2026, 0, 1) + 0.5, attributes: { k: ODD } }],
        links: [{ traceId: hex(16), spanId: hex(8), attributes: { l: 1 } }],
        exception: { type: 'E', message: ODD, stackTrace: 'at x' },
      }),
      makeSpan({ traceId, name: 'long attribute', attributes: { 'llm.response': long } }),
      makeSpan({ traceId, name: 'long exception', exception: { type: 'E', message: long, stackTrace: undefined } }),
    ];
    const trace: FinishedTrace = {
      traceId,
      name: 'root',
      rootSpan: spans[0],
      spans,
      startTime: spans[0]!.startTime,
      endTime: spans[0]!.endTime,
    };
    const { async, sync } = await written(trace);
    assert.equal(async, spans.map((s) => JSON.stringify(toOtlpSpan(s, true))).join(''));
    assert.equal(sync, async);
  });
});
