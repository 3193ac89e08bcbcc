import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  getCurrentSpan,
  getCurrentTrace,
  startScopedSpan,
  traceLLM,
  traceOperation,
  traceTool,
} from '../../../src/index.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

const tick = (ms = 1): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('inline scopes', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing();
  });
  after(() => t.close());
  beforeEach(() => t.exporter.reset());

  it('keeps a sync callback sync: the value is returned, not a promise', () => {
    const value = traceOperation('sync', () => 42);
    assert.equal(value, 42);
    assert.equal(t.span('sync').status.code, 'ok');
  });

  it('rethrows a sync throw synchronously as the same object and records it', () => {
    const error = new TypeError('bad input');
    assert.throws(
      () =>
        traceLLM({ model: 'gpt-4' }, () => {
          throw error;
        }),
      (e) => e === error
    );
    const span = t.span('llm.gpt-4');
    assert.equal(span.status.code, 'error');
    assert.equal(span.exception?.type, 'TypeError');
    assert.equal(span.exception?.message, 'bad input');
    assert.ok(span.events.some((e) => e.name === 'exception'));
  });

  it('returns the same promise and rejects with the same object', async () => {
    const error = new Error('late');
    const inner = Promise.reject(error);
    const returned = traceOperation('async', () => inner);
    assert.equal(returned, inner);
    await assert.rejects(returned, (e) => e === error);
    assert.equal(t.span('async').status.code, 'error');
  });

  it('keeps a status the user set instead of marking it ok', () => {
    traceOperation('custom', (span) => span.setStatus('error', 'soft failure'));
    assert.deepEqual(t.span('custom').status, { code: 'error', message: 'soft failure' });
  });

  it('traces an async generator until exhausted, returned early or thrown', async () => {
    async function* gen(fail?: Error): AsyncGenerator<number> {
      yield 1;
      await tick();
      if (fail) throw fail;
      yield 2;
    }
    const all: number[] = [];
    for await (const n of traceOperation('exhausted', () => gen())) all.push(n);
    assert.deepEqual(all, [1, 2]);
    for await (const n of traceOperation('early', () => gen())) if (n === 1) break;
    const error = new Error('mid-stream');
    await assert.rejects(
      async () => {
        for await (const _ of traceOperation('thrown', () => gen(error))) void _;
      },
      (e) => e === error
    );
    assert.equal(t.span('exhausted').status.code, 'ok');
    assert.equal(t.span('early').status.code, 'ok');
    assert.equal(t.span('thrown').status.code, 'error');
  });

  it('traces a sync generator until exhausted', () => {
    function* gen(): Generator<number> {
      yield getCurrentSpan()?.name === 'sync-gen' ? 1 : 0;
      yield 2;
    }
    const it = traceOperation('sync-gen', () => gen());
    assert.equal(t.spans().length, 0);
    assert.deepEqual([...it], [1, 2]);
    assert.equal(t.span('sync-gen').status.code, 'ok');
  });

  it('still runs the callback once when its options cannot be read, throwing nothing of its own', () => {
    const hostile = {
      get model(): string {
        throw new Error('getter');
      },
    };
    const badName = {
      toString(): string {
        throw new Error('no string');
      },
    };
    let calls = 0;
    assert.equal(
      traceLLM(hostile, () => ++calls),
      1
    );
    assert.equal(
      traceOperation(badName as unknown as string, () => ++calls),
      2
    );
    using scoped = startScopedSpan(badName as unknown as string);
    assert.equal(scoped.isRecording(), false);
    assert.equal(calls, 2);
  });

  it('keeps concurrent traces apart under Promise.all', async () => {
    await Promise.all(
      ['a', 'b', 'c'].map((id) =>
        traceOperation(`root-${id}`, async () => {
          await tick(id === 'a' ? 5 : 1);
          await traceTool({ name: `step-${id}` }, async () => tick());
        })
      )
    );
    for (const id of ['a', 'b', 'c']) {
      const root = t.span(`root-${id}`);
      const child = t.span(`tool.step-${id}`);
      assert.equal(child.parentSpanId, root.spanId);
      assert.equal(child.traceId, root.traceId);
    }
    assert.equal(new Set(t.spans().map((s) => s.traceId)).size, 3);
  });

  it('keeps the active span in timers and callbacks', async () => {
    await traceOperation('parent', async () => {
      await new Promise<void>((resolve) => {
        setTimeout(() => {
          traceOperation('in-timer', () => {});
          setImmediate(() => {
            queueMicrotask(() => {
              traceOperation('in-callback', () => {});
              resolve();
            });
          });
        }, 1);
      });
    });
    const parent = t.span('parent');
    assert.equal(t.span('in-timer').parentSpanId, parent.spanId);
    assert.equal(t.span('in-callback').parentSpanId, parent.spanId);
  });

  it('exposes the active span and its trace through getCurrentSpan and getCurrentTrace', () => {
    assert.equal(getCurrentSpan(), undefined);
    assert.equal(getCurrentTrace(), undefined);
    traceOperation('root', (root) => {
      traceOperation('child', (child) => {
        assert.equal(getCurrentSpan(), child);
        const trace = getCurrentTrace();
        assert.equal(trace?.traceId, root.traceId);
        assert.equal(trace?.name, 'root');
        assert.equal(trace?.rootSpan, root);
      });
    });
  });

  it('ends a using span at scope exit and restores the previous span (real `using` syntax)', () => {
    function handle(): string | undefined {
      using span = startScopedSpan('scoped', { attributes: { k: 1 }, activate: true });
      traceOperation('inside', () => {});
      return getCurrentSpan() === span ? span.name : undefined;
    }
    traceOperation('outer', () => {
      assert.equal(handle(), 'scoped');
      assert.equal(getCurrentSpan()?.name, 'outer');
    });
    assert.equal(t.span('inside').parentSpanId, t.span('scoped').spanId);
    assert.equal(t.span('scoped').parentSpanId, t.span('outer').spanId);
    assert.equal(t.span('scoped').attributes['k'], 1);
  });

  it('does not leave an awaited async using scope active in its caller', async () => {
    async function handle(): Promise<void> {
      using _span = startScopedSpan('request', { activate: true });
      await tick();
      traceOperation('work', () => {});
    }
    await traceOperation('caller', async () => {
      await handle();
      await handle();
      traceOperation('after', () => {});
    });
    const caller = t.span('caller');
    const requests = t.spans().filter((s) => s.name === 'request');
    assert.equal(requests.length, 2);
    for (const r of requests) assert.equal(r.parentSpanId, caller.spanId);
    assert.equal(t.span('after').parentSpanId, caller.spanId);
  });

  it('ends the span through [Symbol.dispose] called directly, once', () => {
    const span = startScopedSpan('disposed', { activate: true });
    assert.equal(getCurrentSpan(), span);
    span[Symbol.dispose]();
    span[Symbol.dispose]();
    assert.equal(getCurrentSpan(), undefined);
    assert.equal(t.spans().filter((s) => s.name === 'disposed').length, 1);
    assert.equal(t.diagLines.filter((l) => l.includes('disposed')).length, 0);
  });

  it('ends a using span when tsc downlevels the `using` declaration', async () => {
    const source = `
      import { startScopedSpan, traceOperation, getCurrentSpan } from ${JSON.stringify(pathToFileURL(resolve(import.meta.dirname, '../../../src/index.ts')).href)};
      export function handle() {
        using span = startScopedSpan('tsc_using', { activate: true });
        traceOperation('tsc_inside', () => {});
        return getCurrentSpan() === span;
      }
    `;
    const out = ts.transpileModule(source, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    });
    assert.match(out.outputText, /__addDisposableResource/, 'tsc lowered the declaration');
    const dir = resolve(import.meta.dirname, '../../.tmp');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `using-tsc-${process.pid}.mjs`);
    writeFileSync(file, out.outputText);
    const mod = (await import(pathToFileURL(file).href)) as { handle(): boolean };
    assert.equal(mod.handle(), true);
    assert.equal(getCurrentSpan(), undefined);
    assert.equal(t.span('tsc_inside').parentSpanId, t.span('tsc_using').spanId);
  });
});
