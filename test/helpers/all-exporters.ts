/**
 * init() with the three exporters that serialise (Noveum to a receiver, OTLP to a receiver,
 * JSON-lines files to a temporary folder) at once, and readers for what each received: for
 * tests that check a bad input cannot cost other traces their delivery or make invalid JSON.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flush, init, shutdown } from '../../src/api/init.js';
import type { InitOptions } from '../../src/api/options.js';
import { noveumTraces, startNoveumReceiver, type Receiver } from '../fixtures/servers/noveum-receiver.js';
import { otlpSpans, startOtlpReceiver } from '../fixtures/servers/otlp-receiver.js';

export interface Delivered {
  /** The names of the spans each exporter delivered. */
  readonly noveum: string[];
  readonly otlp: string[];
  readonly file: string[];
  /** Request bodies and file lines that are not valid JSON, per exporter. */
  readonly invalid: { noveum: number; otlp: number; file: number };
  /** Every exported span as the Noveum receiver got it, by name. */
  readonly noveumSpans: Map<string, Record<string, unknown>[]>;
}

export interface AllExporters {
  readonly noveum: Receiver;
  readonly otlp: Receiver;
  readonly dir: string;
  /** Re-runs init() with the same three exporters (after a test changed the client). */
  init(): void;
  /** Shuts tracing down (every exporter flushes) and reads what each one got. */
  collect(): Promise<Delivered>;
  close(): Promise<void>;
}

async function fileLines(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort();
  } catch {
    return [];
  }
  const lines: string[] = [];
  for (const n of names) lines.push(...(await readFile(join(dir, n), 'utf8')).split('\n').filter((l) => l !== ''));
  return lines;
}

function parse(line: string): { spans?: { name: string }[] } | undefined {
  try {
    return JSON.parse(line) as { spans?: { name: string }[] };
  } catch {
    return undefined;
  }
}

export async function startAllExporters(extra: InitOptions = {}): Promise<AllExporters> {
  const noveum = await startNoveumReceiver();
  const otlp = await startOtlpReceiver();
  const dir = await mkdtemp(join(tmpdir(), 'nv-all-exporters-'));
  const start = (): void => {
    init({
      apiKey: 'nv-all-exporters-key-0123456789',
      endpoint: `${noveum.url}/api`,
      exporter: ['noveum', 'otlp', 'file'],
      otlp: { endpoint: otlp.url },
      file: { dir },
      ...extra,
      export: { flushIntervalMs: 20, retryBaseDelayMs: 5, timeoutMs: 5_000, flushOnExit: false, ...extra.export },
    });
  };
  start();
  return {
    noveum,
    otlp,
    dir,
    init: start,
    async collect() {
      // A generous flush first: on a loaded CI machine the file exporter's writes of the hostile
      // sweep's megabytes can outlast shutdown's own bound, and what is left then is dropped.
      await flush(60_000);
      await shutdown(20_000);
      const lines = await fileLines(dir);
      const spans = new Map<string, Record<string, unknown>[]>();
      for (const t of noveumTraces(noveum))
        for (const s of t.spans) spans.set(s.name, [...(spans.get(s.name) ?? []), s]);
      return {
        noveum: noveumTraces(noveum).flatMap((t) => t.spans.map((s) => s.name)),
        otlp: otlpSpans(otlp).map((s) => s.name),
        file: lines.flatMap((l) => parse(l)?.spans?.map((s) => s.name) ?? []),
        invalid: {
          noveum: noveum.all.filter((r) => r.json === undefined).length,
          otlp: otlp.all.filter((r) => r.json === undefined).length,
          file: lines.filter((l) => parse(l) === undefined).length,
        },
        noveumSpans: spans,
      };
    },
    async close() {
      await shutdown(5_000);
      await Promise.all([noveum.close(), otlp.close(), rm(dir, { recursive: true, force: true })]);
    },
  };
}
