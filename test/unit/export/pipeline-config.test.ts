import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setDiagSink } from '../../../src/diag/diag.js';
import { resolveBatchOptions } from '../../../src/export/batch-options.js';
import { chooseExporters } from '../../../src/export/create-pipeline.js';
import { FileExporter } from '../../../src/export/file/file-exporter.js';
import { resolveHttpSettings } from '../../../src/export/http/settings.js';
import { parseOtlpHeaders, resolveOtlpHeaders, resolveOtlpTracesUrl } from '../../../src/export/otlp/otlp-config.js';
import type { PipelineConfig } from '../../../src/export/types.js';
import { makeTrace, RESOURCE } from './trace-factory.js';

const base: PipelineConfig = {
  apiKey: undefined,
  endpoint: 'https://api.noveum.ai/api',
  exporter: undefined,
  export: {},
  otlp: {},
  file: {},
};

describe('default exporter choice', () => {
  it('uses Noveum with an API key, OTLP with an OTLP endpoint, else local files', () => {
    assert.deepEqual(chooseExporters({ ...base, apiKey: 'k' }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }), [
      'noveum',
    ]);
    assert.deepEqual(chooseExporters(base, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }), ['otlp']);
    assert.deepEqual(chooseExporters({ ...base, otlp: { endpoint: 'http://c:4318' } }, {}), ['otlp']);
    assert.deepEqual(chooseExporters(base, {}), ['file']);
  });

  it('lets an explicit exporter win', () => {
    assert.deepEqual(chooseExporters({ ...base, apiKey: 'k', exporter: 'console' }, {}), ['console']);
    assert.deepEqual(chooseExporters({ ...base, exporter: ['otlp', 'file'] }, {}), ['otlp', 'file']);
  });
});

describe('OTLP environment', () => {
  it('appends /v1/traces to the base endpoint but uses the traces endpoint as is; options win', () => {
    assert.equal(
      resolveOtlpTracesUrl({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' }),
      'http://c:4318/v1/traces'
    );
    assert.equal(
      resolveOtlpTracesUrl(
        {},
        { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c/custom', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x' }
      ),
      'http://c/custom'
    );
    assert.equal(
      resolveOtlpTracesUrl({ endpoint: 'http://opt' }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env' }),
      'http://opt/v1/traces'
    );
    assert.equal(resolveOtlpTracesUrl({}, {}), undefined);
  });

  it('parses URL-encoded comma-separated headers, options overriding', () => {
    assert.deepEqual(parseOtlpHeaders('api-key=a%20b,x-tenant = t1 , bad'), { 'api-key': 'a b', 'x-tenant': 't1' });
    assert.deepEqual(
      resolveOtlpHeaders({ headers: { 'x-tenant': 'opt' } }, { OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=env,k=v' }),
      { 'x-tenant': 'opt', k: 'v' }
    );
  });
});

describe('FileExporter', () => {
  it('writes one trace per line and rotates files by size', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'noveum-rotate-'));
    try {
      const exporter = new FileExporter({ dir, maxFileBytes: 4096, resource: RESOURCE });
      const traces = Array.from({ length: 20 }, (_, i) => makeTrace(`r${i}`, 2));
      for (const t of traces) await exporter.export([t]);
      await exporter.shutdown();
      const files = await readdir(dir);
      assert.ok(files.length > 1, `${files.length} file(s)`);
      for (const f of files) assert.ok((await stat(join(dir, f))).size <= 4096, `${f} is within maxFileBytes`);
      const lines = (await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8'))))
        .join('')
        .split('\n')
        .filter(Boolean);
      assert.deepEqual(
        lines.map((l) => (JSON.parse(l) as { name: string }).name).sort(),
        traces.map((t) => t.name).sort()
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rotates inside one large batch too, and announces its folder once on the console', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'noveum-announce-'));
    const printed: string[] = [];
    const restore = setDiagSink((l) => printed.push(l));
    try {
      const traces = Array.from({ length: 30 }, (_, i) => makeTrace(`b${i}`, 2, { 'llm.messages': 'x'.repeat(1000) }));
      for (const exporter of [1, 2].map(() => new FileExporter({ dir, maxFileBytes: 8192, resource: RESOURCE }))) {
        assert.equal((await exporter.export(traces)).code, 'success');
        await exporter.shutdown();
      }
      const files = await readdir(dir);
      assert.ok(files.length > 2, `${files.length} file(s)`);
      for (const f of files) assert.ok((await stat(join(dir, f))).size <= 8192, `${f} is within maxFileBytes`);
      let lines = 0;
      for (const f of files) lines += (await readFile(join(dir, f), 'utf8')).split('\n').filter(Boolean).length;
      assert.equal(lines, 60);
      assert.equal(printed.filter((l) => l.includes(dir)).length, 1, 'one announcement for the folder');
    } finally {
      restore();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('export.exitTimeoutMs', () => {
  it('defaults to 5000; a bad value warns once, naming the option, and is corrected', () => {
    const lines: string[] = [];
    const restore = setDiagSink((l) => lines.push(l));
    try {
      assert.equal(resolveBatchOptions({}).exitTimeoutMs, 5000);
      assert.equal(resolveBatchOptions({ exitTimeoutMs: 0 }).exitTimeoutMs, 0);
      assert.equal(resolveBatchOptions({ exitTimeoutMs: -1 }).exitTimeoutMs, 0);
      assert.equal(resolveBatchOptions({ exitTimeoutMs: '2s' as unknown as number }).exitTimeoutMs, 5000);
      assert.equal(lines.length, 2);
      assert.match(lines[0]!, /"export\.exitTimeoutMs" must be a whole number between 0 and 600000, got -1; using 0/);
      assert.match(lines[1]!, /"export\.exitTimeoutMs" must be a number, got "2s"; using 5000/);
    } finally {
      restore();
    }
  });
});

describe('compressAboveBytes default', () => {
  it('gzips bodies over 16 KiB to a remote endpoint and never to loopback, unless set', () => {
    const at = (url: string, options = {}) => resolveHttpSettings(new URL(url), options, {}).compressAboveBytes;
    assert.equal(at('https://api.noveum.ai/api/v1/traces'), 16 * 1024);
    assert.equal(at('http://127.0.0.1:4318/v1/traces'), 0);
    assert.equal(at('http://localhost:4318/v1/traces'), 0);
    assert.equal(at('http://[::1]:4318/v1/traces'), 0);
    assert.equal(at('http://127.0.0.1:4318/v1/traces', { compressAboveBytes: 1024 }), 1024);
  });
});
