/**
 * The viewer's index over a folder of JSON-lines files: streaming with byte offsets, lines
 * still being written, rotation, bad lines, truncated files, and reading a trace back.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { TraceIndex } from '../../../src/viewer/trace-index.js';

const dirs: string[] = [];

/** Asks for `q` until the full-text scan behind it has finished, and returns that last answer. */
export async function searched(index: TraceIndex, q: string, extra: object = {}) {
  for (;;) {
    const list = index.list({ q, ...extra });
    if (list.search?.running === false) return list;
    await new Promise((r) => setTimeout(r, 5));
  }
}
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'noveum-index-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function trace(id: string, name: string, startIso: string, extra: Record<string, unknown> = {}): string {
  const span = {
    span_id: `${id}-root`,
    parent_span_id: null,
    name: 'chat',
    attributes: {
      'llm.model': 'gpt-4o',
      'llm.input_tokens': 10,
      'llm.output_tokens': 5,
      'llm.cost.total': 0.25,
      'user.tier': 'gold',
    },
  };
  return JSON.stringify({
    trace_id: id,
    name,
    start_time: startIso,
    duration_ms: 12,
    status: 'ok',
    span_count: 1,
    spans: [span],
    ...extra,
  });
}

describe('TraceIndex', () => {
  it('lists traces newest first with span count, models, tokens and cost, and reads one back by offset', async () => {
    const dir = folder();
    const lines = [trace('a1', 'first', '2026-01-01T00:00:01Z'), trace('b2', 'second', '2026-01-01T00:00:02Z')];
    writeFileSync(join(dir, 'traces-1.jsonl'), lines.join('\n') + '\n');
    const index = new TraceIndex(dir);
    await index.refresh();
    const list = index.list({});
    assert.deepEqual(
      list.items.map((t) => [t.id, t.name, t.spanCount, t.models, t.tokens, t.cost]),
      [
        ['b2', 'second', 1, ['gpt-4o'], 15, 0.25],
        ['a1', 'first', 1, ['gpt-4o'], 15, 0.25],
      ]
    );
    assert.equal((await index.read('a1'))?.toString(), lines[0]);
    assert.equal((await index.read('b2'))?.toString(), lines[1]);
    assert.equal(await index.read('nope'), undefined);
  });

  it('skips and counts lines that are not JSON traces', async () => {
    const dir = folder();
    const good = trace('c3', 'good', '2026-01-01T00:00:00Z');
    writeFileSync(join(dir, 'traces-1.jsonl'), `{"trace_id": broken\n${good}\n[1,2]\n\n{"no_id":true}\n`);
    const index = new TraceIndex(dir);
    await index.refresh();
    assert.equal(index.list({}).traceCount, 1);
    assert.equal(index.invalidLines, 3);
    assert.equal((await index.read('c3'))?.toString(), good);
  });

  it('leaves a line being written for later, and picks it up once complete', async () => {
    const dir = folder();
    const file = join(dir, 'traces-1.jsonl');
    const line = trace('d4', 'slow writer', '2026-01-01T00:00:00Z');
    writeFileSync(file, line.slice(0, 40));
    const index = new TraceIndex(dir);
    await index.refresh();
    assert.equal(index.list({}).traceCount, 0);
    assert.equal(index.invalidLines, 0, 'half a line is not counted as invalid');
    appendFileSync(file, line.slice(40) + '\n');
    await index.refresh();
    assert.deepEqual(
      index.list({}).items.map((t) => t.name),
      ['slow writer']
    );
    assert.equal((await index.read('d4'))?.toString(), line);
  });

  it('follows rotation: new files, and lines appended to an indexed file', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'traces-1.jsonl'), trace('e5', 'one', '2026-01-01T00:00:01Z') + '\n');
    const index = new TraceIndex(dir);
    await index.refresh();
    appendFileSync(join(dir, 'traces-1.jsonl'), trace('f6', 'two', '2026-01-01T00:00:02Z') + '\n');
    writeFileSync(join(dir, 'traces-2.jsonl'), trace('g7', 'three', '2026-01-01T00:00:03Z') + '\n');
    writeFileSync(join(dir, 'notes.txt'), 'not a trace file\n');
    await index.refresh();
    assert.deepEqual(
      index.list({}).items.map((t) => t.name),
      ['three', 'two', 'one']
    );
    assert.equal((await index.read('f6'))?.toString(), trace('f6', 'two', '2026-01-01T00:00:02Z'));
  });

  it('starts a truncated file over and forgets a deleted one', async () => {
    const dir = folder();
    writeFileSync(
      join(dir, 'a.jsonl'),
      trace('h8', 'old', '2026-01-01T00:00:01Z') + '\n' + trace('i9', 'older', '2026-01-01T00:00:00Z') + '\n'
    );
    writeFileSync(join(dir, 'b.jsonl'), trace('j0', 'gone', '2026-01-01T00:00:02Z') + '\n');
    const index = new TraceIndex(dir);
    await index.refresh();
    writeFileSync(join(dir, 'a.jsonl'), trace('k1', 'new', '2026-01-01T00:00:05Z') + '\n');
    rmSync(join(dir, 'b.jsonl'));
    await index.refresh();
    assert.deepEqual(
      index.list({}).items.map((t) => t.name),
      ['new']
    );
  });

  it('reads lines longer than its read buffer, split across chunks', async () => {
    const dir = folder();
    const big = trace('l2', 'big', '2026-01-01T00:00:00Z', { attributes: { blob: 'x'.repeat(3 * 1024 * 1024) } });
    writeFileSync(join(dir, 'traces-1.jsonl'), `${trace('m3', 'small', '2026-01-01T00:00:01Z')}\n${big}\n`);
    const index = new TraceIndex(dir);
    await index.refresh();
    assert.equal(index.list({}).traceCount, 2);
    assert.equal((await index.read('l2'))?.toString(), big);
  });

  it('searches names at once, filters by status and model, and pages', async () => {
    const dir = folder();
    const lines = [
      trace('n1', 'checkout', '2026-01-01T00:00:01Z'),
      trace('n2', 'search', '2026-01-01T00:00:02Z', { status: 'error' }),
      ...Array.from({ length: 5 }, (_, i) => trace(`p${i}`, `batch-${i}`, `2026-01-01T00:01:0${i}Z`)),
    ];
    writeFileSync(join(dir, 'traces-1.jsonl'), lines.join('\n') + '\n');
    const index = new TraceIndex(dir);
    await index.refresh();
    assert.deepEqual(
      index.list({ q: 'CHECK' }).items.map((t) => t.id),
      ['n1']
    );
    assert.equal((await searched(index, '"user.tier":"gold"')).total, 7); // attributes: full text
    assert.deepEqual(
      index.list({ status: 'error' }).items.map((t) => t.id),
      ['n2']
    );
    assert.equal(index.list({ model: 'gpt-4o' }).total, 7);
    assert.equal(index.list({ model: 'claude' }).total, 0);
    const page = index.list({ offset: 2, limit: 2 });
    assert.deepEqual([page.total, page.items.map((t) => t.id)], [7, ['p2', 'p1']]);
  });
});
