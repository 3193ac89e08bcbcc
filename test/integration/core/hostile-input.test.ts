/**
 * Every runtime export of the package, and every method of a span, called with hostile values
 * (hostile-values.ts) while the three serialising exporters run: Noveum to a receiver, OTLP to
 * a receiver, JSON-lines files. Asserts no throw (or rejection) reaches the caller, no
 * exporter writes invalid JSON, and no batch is lost: a good trace made before and after each
 * hostile call arrives at all three. The tables are checked against the real export list and
 * span prototype, so a new export or span method without a hostile case fails here.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as api from '../../../src/index.js';

import { setDiagSink } from '../../../src/diag/diag.js';
import { startAllExporters, type AllExporters, type Delivered } from '../../helpers/all-exporters.js';
import { EXPORT_CASES, LIFECYCLE, SPAN_CASES, type HostileCall } from './hostile-cases.js';
import { HOSTILE } from './hostile-values.js';

/** Calls `call`; a sync throw or a rejection is returned as the failure, never thrown. */
async function attempt(call: () => unknown): Promise<unknown> {
  try {
    await call();
    return undefined;
  } catch (error) {
    return error ?? new Error('threw a nullish value');
  }
}

function spanMethodNames(): string[] {
  const proto = Object.getPrototypeOf(api.startSpan('probe')) as object;
  return Object.getOwnPropertyNames(proto).filter((name) => {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    return name !== 'constructor' && !name.startsWith('_') && typeof d?.value === 'function';
  });
}

describe('hostile input to every public function', () => {
  let sinks: AllExporters;
  let got: Delivered;
  const failures: string[] = [];
  const good: string[] = [];
  const restoreSink = setDiagSink(() => {});

  async function sweep(table: Readonly<Record<string, HostileCall>>, prefix: string): Promise<void> {
    for (const [name, call] of Object.entries(table)) {
      for (const [label, value] of HOSTILE) {
        const tag = `${prefix}${name} × ${label}`;
        good.push(`good:before ${tag}`, `good:after ${tag}`);
        api.traceOperation(`good:before ${tag}`, () => undefined);
        const error = await attempt(() => call(value));
        api.traceOperation(`good:after ${tag}`, () => undefined);
        if (error !== undefined) failures.push(`${tag}: ${String((error as Error)?.message ?? error).slice(0, 200)}`);
      }
      // The sweep is synchronous work: let the exporters drain, or the bounded queue would drop.
      await api.flush(20_000);
    }
  }

  before(async () => {
    sinks = await startAllExporters({ export: { batchSize: 50 } });
    await sweep(EXPORT_CASES, '');
    await sweep(SPAN_CASES, 'span.');
    got = await sinks.collect();
  });
  after(async () => {
    restoreSink();
    await sinks.close();
  });

  it('has a hostile case for every runtime export and every span method', () => {
    const covered = [...Object.keys(EXPORT_CASES), ...LIFECYCLE].sort();
    assert.deepEqual(covered, Object.keys(api).sort(), 'add the new export to hostile-cases.ts');
    assert.deepEqual(Object.keys(SPAN_CASES).sort(), spanMethodNames().sort(), 'add the new span method');
  });

  it('never throws or rejects into the caller', () => {
    assert.deepEqual(failures, []);
  });

  for (const exporter of ['noveum', 'otlp', 'file'] as const) {
    it(`${exporter}: writes only valid JSON and loses no good trace`, () => {
      assert.equal(got.invalid[exporter], 0);
      const delivered = new Set(got[exporter]);
      const missing = good.filter((name) => !delivered.has(name));
      assert.deepEqual(missing.slice(0, 10), [], `${missing.length} of ${good.length} good traces missing`);
    });
  }

  it('init, flush and shutdown take hostile values and still settle', async () => {
    const cwd = process.cwd();
    // init() with unusable options falls back to the file exporter in ./.noveum: keep it out of the repo.
    const dir = await mkdtemp(join(tmpdir(), 'nv-hostile-init-'));
    process.chdir(dir);
    try {
      const errors: string[] = [];
      for (const [label, value] of HOSTILE) {
        for (const [name, call] of Object.entries(LIFECYCLE_CALLS)) {
          const error = await attempt(() => call(value));
          if (error !== undefined) errors.push(`${name} × ${label}: ${String((error as Error)?.message ?? error)}`);
        }
      }
      assert.deepEqual(errors, []);
    } finally {
      process.chdir(cwd);
      await rm(dir, { recursive: true, force: true });
    }
  });
});

const LIFECYCLE_CALLS: Readonly<Record<(typeof LIFECYCLE)[number], HostileCall>> = {
  init: async (v) => {
    api.init(v as never);
    api.init({ exporter: 'none', samplingRate: v, sampling: v, redaction: v, capture: v, export: v } as never);
    api.startSpan('after-hostile-init').end();
    await api.flush(v as never);
    await api.shutdown(v as never);
  },
  shutdown: async (v) => {
    api.init({ exporter: 'none' });
    await api.getClient().shutdown(v as never);
    await api.shutdown(v as never);
  },
};
