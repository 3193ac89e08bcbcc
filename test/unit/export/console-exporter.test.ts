import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConsoleExporter } from '../../../src/export/console/console-exporter.js';
import { formatCost } from '../../../src/export/console/format-trace.js';
import type { FinishedTrace, ReadableSpan } from '../../../src/core/types.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

function span(
  name: string,
  id: string,
  parent: string | undefined,
  start: number,
  end: number,
  extra: Partial<ReadableSpan> = {}
): ReadableSpan {
  return {
    name,
    kind: 'internal',
    traceId: TRACE_ID,
    spanId: id.padStart(16, '0'),
    parentSpanId: parent?.padStart(16, '0'),
    startTime: start,
    endTime: end,
    durationMs: end - start,
    attributes: {},
    events: [],
    links: [],
    status: { code: 'ok' },
    exception: undefined,
    ended: true,
    ...extra,
  };
}

function traceOf(
  spans: ReadableSpan[],
  rootSpan: ReadableSpan | undefined = spans.find((s) => s.parentSpanId === undefined)
): FinishedTrace {
  return { traceId: TRACE_ID, name: rootSpan?.name ?? spans[0]!.name, rootSpan, spans, startTime: 0, endTime: 100 };
}

async function print(trace: FinishedTrace, colors?: boolean): Promise<string> {
  let out = '';
  const exporter = new ConsoleExporter({ write: (text) => (out += text), ...(colors === undefined ? {} : { colors }) });
  const result = await exporter.export([trace]);
  assert.deepEqual(result, { code: 'success' });
  return out;
}

describe('ConsoleExporter', () => {
  it('prints a trace as an indented tree with durations, status and LLM figures', async () => {
    const root = span('complex_ai_workflow', '1', undefined, 0, 61.25);
    const llm = span('llm.query_enhancement', '2', '1', 1, 13.3, {
      attributes: {
        'llm.model': 'gpt-3.5-turbo',
        'llm.provider': 'openai',
        'llm.input_tokens': 12,
        'llm.output_tokens': 8,
        'llm.total_tokens': 20,
        'llm.cost.total': 0.000123,
      },
    });
    const search = span('vector_search', '3', '1', 14, 17.1, { attributes: { 'retrieval.results_count': 3 } });
    const deep = span('embed', '5', '3', 14.5, 15);
    const failed = span('llm.response_generation', '4', '1', 18, 1268, {
      attributes: { 'llm.model': 'gpt-4' },
      status: { code: 'error', message: 'slow down' },
      exception: { type: 'RateLimitError', message: 'slow down', stackTrace: undefined },
    });
    const out = await print(traceOf([llm, deep, search, failed, root]));
    assert.equal(
      out,
      [
        `trace ${TRACE_ID} · complex_ai_workflow · 5 spans`,
        'complex_ai_workflow  61.3 ms  ok',
        '├─ llm.query_enhancement  12.3 ms  ok  gpt-3.5-turbo (openai)  tokens 12 in / 8 out / 20 total  $0.00012',
        '├─ vector_search  3.1 ms  ok  3 results',
        '│  └─ embed  0.50 ms  ok',
        '└─ llm.response_generation  1.25 s  error RateLimitError: slow down  gpt-4',
        '',
      ].join('\n')
    );
  });

  it('prints small costs with two significant digits instead of $0', () => {
    assert.equal(formatCost(0.00000042, 'USD'), '$0.00000042');
    assert.equal(formatCost(0.0000001, 'USD'), '$0.0000001');
    assert.equal(formatCost(0.000123, 'USD'), '$0.00012');
    assert.equal(formatCost(0.0123, 'EUR'), '0.012 EUR');
    assert.equal(formatCost(1.5, 'USD'), '$1.5');
    assert.equal(formatCost(1234.567, 'USD'), '$1234.57');
    assert.equal(formatCost(0, 'USD'), '$0');
    assert.equal(formatCost(1e-30, 'USD'), '$0');
  });

  it('marks tokens and cost a parent repeats from its LLM child as aggregated (Σ)', async () => {
    const usage = {
      'llm.model': 'gpt-4o-mini',
      'llm.input_tokens': 13,
      'llm.output_tokens': 4,
      'llm.total_tokens': 17,
      'llm.cost.total': 0.0000042,
    };
    const root = span('batch', '1', undefined, 0, 30);
    const query = span('query_processing_0', '2', '1', 1, 20, { attributes: usage });
    const chat = span('chat gpt-4o-mini', '3', '2', 2, 19, { attributes: usage });
    const out = await print(traceOf([root, query, chat]));
    assert.equal(
      out,
      [
        `trace ${TRACE_ID} · batch · 3 spans`,
        'batch  30.0 ms  ok',
        '└─ query_processing_0  19.0 ms  ok  gpt-4o-mini  Σ tokens 13 in / 4 out / 17 total  Σ $0.0000042',
        '   └─ chat gpt-4o-mini  17.0 ms  ok  gpt-4o-mini  tokens 13 in / 4 out / 17 total  $0.0000042',
        '',
      ].join('\n')
    );
  });

  it('marks late spans of an already exported trace', async () => {
    const late = span('late_child', '9', '1', 0, 5, { status: { code: 'unset' } });
    const out = await print(traceOf([late], undefined));
    assert.match(out, /late spans of an already exported trace/);
    assert.match(out, /^late_child {2}5\.0 ms {2}unset$/m);
  });

  it('writes no ANSI colours unless asked, and colours when asked', async () => {
    const t = traceOf([span('a', '1', undefined, 0, 1, { status: { code: 'error' } })]);
    const esc = String.fromCharCode(27);
    assert.ok(!(await print(t)).includes(`${esc}[`));
    assert.ok((await print(t, true)).includes(`${esc}[31merror${esc}[39m`));
  });

  it('reports a failed export when the writer throws, without throwing', async () => {
    const exporter = new ConsoleExporter({
      write: () => {
        throw new Error('closed pipe');
      },
    });
    const result = await exporter.export([traceOf([span('a', '1', undefined, 0, 1)])]);
    assert.equal(result.code, 'failed');
  });
});
