import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleExporter } from '../../../src/export/console/console-exporter.js';
import { FileExporter } from '../../../src/export/file/file-exporter.js';
import { InMemoryExporter } from '../../../src/export/in-memory-exporter.js';
import { NoveumExporter } from '../../../src/export/noveum/noveum-exporter.js';
import { OtlpExporter } from '../../../src/export/otlp/otlp-exporter.js';
import type { NoveumSpanBody, NoveumTraceBody } from '../../fixtures/servers/noveum-receiver.js';
import { noveumSpans, startNoveumReceiver, type Receiver } from '../../fixtures/servers/noveum-receiver.js';
import { otlpSpans, startOtlpReceiver, type OtlpSpanBody } from '../../fixtures/servers/otlp-receiver.js';
import { runExporterContractTests, type ReceivedSpan } from './exporter-contract.js';
import { RESOURCE } from './trace-factory.js';

const FAST = { retryBaseDelayMs: 5, maxRetries: 1, timeoutMs: 5_000 } as const;

function fromNoveum(s: NoveumSpanBody): ReceivedSpan {
  return {
    traceId: s.trace_id,
    spanId: s.span_id,
    parentSpanId: s.parent_span_id ?? undefined,
    name: s.name,
    attributes: s.attributes,
    status: s['status'] as string,
    exceptionMessage: (s['exception'] as { message: string } | undefined)?.message,
  };
}

/** OTLP AnyValue → the JS value it carries. */
export function fromAnyValue(v: Record<string, unknown>): unknown {
  if ('arrayValue' in v) return (v['arrayValue'] as { values: Record<string, unknown>[] }).values.map(fromAnyValue);
  return Object.values(v)[0];
}

// OTLP carries captured text under its GenAI name only (withGenAiAttributes moves it).
const MOVED: Readonly<Record<string, string>> = {
  'gen_ai.input.messages': 'llm.messages',
  'gen_ai.output.messages': 'llm.response',
};

function fromOtlp(s: OtlpSpanBody): ReceivedSpan {
  const attributes: Record<string, unknown> = {};
  for (const { key, value } of s.attributes) attributes[key] = fromAnyValue(value);
  for (const [genAi, llm] of Object.entries(MOVED)) {
    if (attributes[genAi] === undefined) continue;
    assert.equal(attributes[llm], undefined, `${llm} is sent once, as ${genAi}`);
    attributes[llm] = attributes[genAi];
  }
  const events = s['events'] as { name: string; attributes: OtlpSpanBody['attributes'] }[];
  const exception = events.find((e) => e.name === 'exception');
  const message = exception?.attributes.find((a) => a.key === 'exception.message')?.value['stringValue'];
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    attributes,
    status: ['unset', 'ok', 'error'][(s['status'] as { code: number }).code]!,
    exceptionMessage: message as string | undefined,
  };
}

runExporterContractTests({
  name: 'InMemoryExporter',
  create: async () => ({ exporter: new InMemoryExporter() }),
  received: async ({ exporter }) =>
    exporter.getFinishedSpans().map((s) => ({ ...s, exceptionMessage: s.exception?.message, status: s.status.code })),
});

runExporterContractTests({
  name: 'NoveumExporter',
  create: async () => {
    const receiver: Receiver = await startNoveumReceiver();
    const exporter = new NoveumExporter({
      ...FAST,
      apiKey: 'contract-key',
      endpoint: `${receiver.url}/api`,
      resource: RESOURCE,
    });
    return { exporter, receiver, close: () => receiver.close() };
  },
  received: async ({ receiver }) => noveumSpans(receiver).map(fromNoveum),
});

runExporterContractTests({
  name: 'OtlpExporter',
  create: async () => {
    const receiver: Receiver = await startOtlpReceiver();
    const exporter = new OtlpExporter({ ...FAST, endpoint: receiver.url, resource: RESOURCE, env: {} });
    return { exporter, receiver, close: () => receiver.close() };
  },
  received: async ({ receiver }) => otlpSpans(receiver).map(fromOtlp),
});

runExporterContractTests({
  name: 'FileExporter',
  create: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'noveum-file-contract-'));
    const exporter = new FileExporter({ dir, maxFileBytes: 64 * 1024, resource: RESOURCE });
    return { exporter, dir, close: () => rm(dir, { recursive: true, force: true }) };
  },
  received: async ({ dir }) => {
    const spans: ReceivedSpan[] = [];
    for (const name of (await readdir(dir)).sort()) {
      for (const line of (await readFile(join(dir, name), 'utf8')).split('\n')) {
        if (line !== '') spans.push(...(JSON.parse(line) as NoveumTraceBody).spans.map(fromNoveum));
      }
    }
    return spans;
  },
});

const CONSOLE_REASON =
  'the console prints a human-readable tree without ids or raw values; its formatter has its own tests';
runExporterContractTests({
  name: 'ConsoleExporter',
  create: async () => {
    const out: string[] = [];
    return { exporter: new ConsoleExporter({ write: (t) => void out.push(t) }), out };
  },
  received: async ({ out }) => {
    if (out.join('') !== '') throw new Error('the console exporter printed text; only the empty cases run against it');
    return [];
  },
  skip: {
    trace: CONSOLE_REASON,
    batch: CONSOLE_REASON,
    fragment: CONSOLE_REASON,
    attributes: CONSOLE_REASON,
    error: CONSOLE_REASON,
    unicode: CONSOLE_REASON,
    large: CONSOLE_REASON,
  },
});
