import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';
import ts from 'typescript';
import { captureDiag, setupTracing, type TestTracing } from '../../helpers/tracing.js';

type FixtureModule = typeof import('./fixtures/decorated-service.js');
type Mode = 'standard' | 'legacy';

const FIXTURE = resolve(import.meta.dirname, 'fixtures', 'decorated-service.ts');
const LEGACY_TSCONFIG = resolve(import.meta.dirname, 'fixtures', 'tsconfig.legacy.json');
const SRC_INDEX = pathToFileURL(resolve(import.meta.dirname, '..', '..', '..', 'src', 'index.ts')).href;
const TMP = resolve(import.meta.dirname, '..', '..', '.tmp', 'decorators');

/** tsc's own emit (transpileModule), so the decorators run exactly as a tsc user's would. */
async function loadWithTsc(mode: Mode): Promise<FixtureModule> {
  const out = ts.transpileModule(readFileSync(FIXTURE, 'utf8'), {
    fileName: FIXTURE,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      experimentalDecorators: mode === 'legacy',
    },
  });
  // The emitted helpers prove which decorator protocol the build uses.
  assert.match(out.outputText, mode === 'legacy' ? /__decorate\(/ : /__esDecorate\(/);
  const code = out.outputText.replace(`'../../../../src/index.js'`, JSON.stringify(SRC_INDEX));
  mkdirSync(TMP, { recursive: true });
  const file = join(TMP, `service-tsc-${mode}-${process.pid}.mjs`);
  writeFileSync(file, code);
  return (await import(pathToFileURL(file).href)) as FixtureModule;
}

const DIAG_MODULE = resolve(import.meta.dirname, '..', '..', '..', 'src', 'diag', 'diag.ts');

/**
 * esbuild through tsx, which honours `experimentalDecorators` from the tsconfig it is given.
 * The fixture loads in its own tsx namespace (its own copy of src/), so load-time warnings
 * are captured through that copy's diag module.
 */
async function loadWithEsbuild(mode: Mode, warnings: string[]): Promise<FixtureModule> {
  const tsconfig = mode === 'legacy' ? LEGACY_TSCONFIG : false;
  const api = register({ namespace: `decorators-${mode}-${process.pid}`, tsconfig });
  const diag = (await api.import(DIAG_MODULE, import.meta.url)) as typeof import('../../../src/diag/diag.js');
  const restore = diag.setDiagSink((line) => warnings.push(line));
  try {
    return (await api.import(FIXTURE, import.meta.url)) as FixtureModule;
  } finally {
    restore();
  }
}

const VARIANTS = [
  { compiler: 'tsc', mode: 'standard', load: () => loadWithTsc('standard') },
  { compiler: 'tsc', mode: 'legacy', load: () => loadWithTsc('legacy') },
  { compiler: 'esbuild', mode: 'standard', load: (w: string[]) => loadWithEsbuild('standard', w) },
  { compiler: 'esbuild', mode: 'legacy', load: (w: string[]) => loadWithEsbuild('legacy', w) },
] as const;

const drain = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
};

for (const variant of VARIANTS) {
  describe(`decorators compiled by ${variant.compiler} as ${variant.mode} decorators`, () => {
    let mod: FixtureModule;
    let t: TestTracing;
    const loadWarnings: string[] = [];

    before(async () => {
      const diag = captureDiag();
      try {
        mod = await variant.load(loadWarnings);
      } finally {
        diag.restore();
      }
      loadWarnings.push(...diag.lines);
      t = setupTracing();
    });
    after(() => t.close());
    beforeEach(() => t.exporter.reset());

    it('warns that a field cannot be traced and leaves the field as it was', () => {
      const what = variant.mode === 'standard' ? 'a field' : 'a property';
      assert.ok(
        loadWarnings.some((l) => l.includes(`@trace decorates methods only, not ${what}`)),
        JSON.stringify(loadWarnings)
      );
      assert.equal(new mod.Service().label, 'kept');
    });

    it('keeps a sync method sync with its this, and names the span ClassName.method', () => {
      const result = new mod.Service().double(3);
      assert.equal(result, 6);
      const span = t.span('Service.double');
      assert.equal(span.status.code, 'ok');
      assert.equal(span.kind, 'internal');
      assert.equal(span.attributes['noveum.span_type'], 'operation');
    });

    it('names the span after the declaring class, for subclass instances and static methods', () => {
      new mod.SubService().double(1);
      mod.Service.create();
      assert.deepEqual(
        t
          .spans()
          .map((s) => s.name)
          .sort(),
        ['Service.create', 'Service.double']
      );
    });

    it('keeps the name and length of the decorated method', () => {
      const s = new mod.Service();
      assert.equal(s.double.name, 'double');
      assert.equal(s.double.length, 1);
    });

    it('rethrows a sync error synchronously as the same object and records it', () => {
      const error = new RangeError('too big');
      assert.throws(
        () => new mod.Service().fail(error),
        (e) => e === error
      );
      const span = t.span('Service.fail');
      assert.equal(span.status.code, 'error');
      assert.equal(span.status.message, 'too big');
      assert.equal(span.exception?.type, 'RangeError');
    });

    it('awaits async methods with the span active inside, applying name, kind and attributes', async () => {
      const pending = new mod.Service().activeName();
      assert.ok(pending instanceof Promise);
      assert.equal(t.spans().length, 0, 'the span ends only when the promise settles');
      assert.equal(await pending, 'custom_async');
      const span = t.span('custom_async');
      assert.equal(span.kind, 'server');
      assert.equal(span.attributes['custom.key'], 'v');
      assert.equal(span.status.code, 'ok');
    });

    it('rejects with the same error object and records it on the span', async () => {
      const error = new Error('async boom');
      await assert.rejects(new mod.Service().asyncFail(error), (e) => e === error);
      assert.equal(t.span('async_fail').status.code, 'error');
      assert.equal(t.span('async_fail').exception?.message, 'async boom');
    });

    it('makes a method called from a traced method its child', () => {
      assert.equal(new mod.Service().outer(), 3);
      const outer = t.span('Service.outer');
      const inner = t.span('Service.inner');
      assert.equal(inner.parentSpanId, outer.spanId);
      assert.equal(inner.traceId, outer.traceId);
    });

    it('records the typed attributes of @traceLLM, @traceAgent, @traceTool and @traceRetrieval', async () => {
      const s = new mod.Service();
      assert.equal(await s.chat('hi'), 'echo: hi');
      assert.equal(s.complete(), 'done');
      assert.deepEqual(s.plan('goal'), ['goal', 'step 2']);
      assert.equal(s.lookup('Paris'), 'Paris: sunny');
      assert.equal(s.weather(), 'rain');
      assert.deepEqual(await s.search('q'), ['q', 'b', 'c']);

      const chat = t.span('llm.chat');
      assert.equal(chat.kind, 'client');
      assert.deepEqual(
        [chat.attributes['llm.model'], chat.attributes['llm.provider'], chat.attributes['llm.operation']],
        ['gpt-4', 'openai', 'chat']
      );
      assert.equal(t.span('Service.complete').attributes['llm.model'], 'gpt-4o-mini');
      const plan = t.span('Service.plan');
      assert.equal(plan.attributes['agent.type'], 'planner');
      assert.equal(plan.attributes['agent.method'], 'plan');
      assert.equal(t.span('Service.lookup').attributes['tool.name'], 'lookup');
      assert.equal(t.span('tool.weather').attributes['tool.description'], 'Looks up the weather');
      const search = t.span('retrieval.pgvector');
      assert.equal(search.attributes['retrieval.top_k'], 3);
      assert.equal(search.attributes['noveum.span_type'], 'retrieval');
    });

    it('traces a sync generator method until it is exhausted', () => {
      const gen = new mod.Service().numbers();
      assert.deepEqual(gen.next(), { value: 1, done: false });
      assert.equal(t.spans().length, 0);
      assert.deepEqual([...gen], [2]);
      assert.equal(t.span('Service.numbers').status.code, 'ok');
    });

    it('ends a sync generator method span when the loop breaks early', () => {
      for (const n of new mod.Service().numbers()) if (n === 1) break;
      assert.equal(t.span('Service.numbers').status.code, 'ok');
    });

    it('traces an async generator method until exhausted, with the span active inside', async () => {
      assert.deepEqual(await drain(new mod.Service().stream()), ['Service.stream', 'second']);
      assert.equal(t.span('Service.stream').status.code, 'ok');
    });

    it('ends an async generator method span on early return and records a throw', async () => {
      for await (const v of new mod.Service().stream()) if (v !== undefined) break;
      assert.equal(t.span('Service.stream').status.code, 'ok');
      t.exporter.reset();
      const error = new Error('stream broke');
      await assert.rejects(drain(new mod.Service().stream(error)), (e) => e === error);
      assert.equal(t.span('Service.stream').status.code, 'error');
    });

    it('runs decorated methods untraced before init() and after shutdown()', async () => {
      await t.close();
      const s = new mod.Service();
      assert.equal(s.double(5), 10);
      assert.equal(await s.chat('x'), 'echo: x');
      assert.deepEqual([...s.numbers()], [1, 2]);
      assert.equal(t.spans().length, 0);
    });
  });
}
