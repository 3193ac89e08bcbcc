/**
 * The viewer's full-text search: whole lines (prompts, responses, attributes) scanned from the
 * files on demand, case-insensitive, aware of JSON escapes, cancelled by a newer query, capped,
 * and continued over traces written after it finished.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FullTextSearch, MAX_MATCHES, needles } from '../../../src/viewer/full-text.js';
import { TraceIndex } from '../../../src/viewer/trace-index.js';

const dir = mkdtempSync(join(tmpdir(), 'noveum-fulltext-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A trace line as the exporter writes it: the prompt inside a JSON-encoded `llm.messages`. */
function line(id: string, name: string, second: number, prompt: string, response = 'ok'): string {
  const messages = JSON.stringify([{ role: 'user', content: prompt }]);
  const span = {
    span_id: `${id}-s`,
    name: 'chat',
    attributes: { 'llm.model': 'gpt-4o', 'llm.messages': messages, 'llm.response': response },
  };
  const start = new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();
  return JSON.stringify({ trace_id: id, name, start_time: start, status: 'ok', spans: [span] });
}

async function searched(index: TraceIndex, q: string) {
  for (;;) {
    const list = index.list({ q });
    if (list.search?.running === false) return list;
    await new Promise((r) => setTimeout(r, 5));
  }
}
const ids = (list: { items: readonly { id: string }[] }): string[] => list.items.map((t) => t.id);

describe('full-text search', () => {
  const file = join(dir, 'traces-1.jsonl');
  writeFileSync(
    file,
    [
      line('t1', 'job', 1, 'Please summarise the Q3 report'),
      line('t2', 'job', 2, 'Say "hello" to the café owner', 'Bonjour!'),
      line('t3', 'job', 3, 'back\\slash and a\ttab'),
    ].join('\n') + '\n'
  );
  const index = new TraceIndex(dir);

  it('finds text anywhere in a prompt or a response, case-insensitively, newest first', async () => {
    await index.refresh();
    assert.deepEqual(ids(await searched(index, 'q3 REPORT')), ['t1']);
    assert.deepEqual(ids(await searched(index, 'bonjour')), ['t2']);
    assert.deepEqual(ids(await searched(index, 'gpt-4o')), ['t3', 't2', 't1']);
    assert.deepEqual(ids(await searched(index, 'not in any trace')), []);
  });

  it('matches quotes, backslashes, tabs and non-ASCII as they were typed, though escaped in the file', async () => {
    assert.deepEqual(ids(await searched(index, 'say "hello"')), ['t2']);
    assert.deepEqual(ids(await searched(index, 'CAFÉ')), ['t2']);
    assert.deepEqual(ids(await searched(index, 'back\\slash')), ['t3']);
    assert.deepEqual(ids(await searched(index, 'a\ttab')), ['t3']);
    assert.ok(needles('é').includes('\\u00e9'), 'also as \\u escapes, as other writers store non-ASCII');
    assert.deepEqual(needles('plain words'), ['plain words']);
  });

  it('reports progress, and goes on over traces written after the scan finished', async () => {
    const first = await searched(index, 'late arrival');
    assert.deepEqual([first.total, first.search?.capped], [0, false]);
    assert.ok((first.search?.scannedBytes ?? 0) > 0);
    appendFileSync(file, line('t4', 'job', 4, 'a late arrival') + '\n');
    await index.refresh();
    assert.deepEqual(ids(await searched(index, 'late arrival')), ['t4']);
  });

  it('cancels a scan when a newer query arrives', async () => {
    let checked = 0;
    const copies = Array.from({ length: 500 }, (_, i) => ({ id: i, path: file }));
    const search = new FullTextSearch({ files: () => copies, traceAt: () => (checked++, false) });
    search.ask('job', 0); // every line matches: each is checked against the index
    await new Promise((r) => setTimeout(r, 20));
    while (search.ask('nothing matches this', 0).progress.running) await new Promise((r) => setTimeout(r, 5));
    const atCancel = checked;
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(checked, atCancel, 'the old scan stopped');
    assert.ok(checked < copies.length * 4, `the old scan did not read every file (${checked} lines)`);
  });

  it('gives each client (browser tab) its own scan, so two searches do not cancel each other', async () => {
    const ask = (q: string, client: string) => index.list({ q, client });
    let a = ask('q3 report', 'tab-a');
    let b = ask('bonjour', 'tab-b');
    // Bounded: with one scan for everyone, each ask would cancel the other's and neither would end.
    for (let i = 0; i < 1000 && (a.search?.running === true || b.search?.running === true); i++) {
      await new Promise((r) => setTimeout(r, 5));
      [a, b] = [ask('q3 report', 'tab-a'), ask('bonjour', 'tab-b')];
    }
    assert.deepEqual([ids(a), ids(b)], [['t1'], ['t2']]);
  });

  it('stops after MAX_MATCHES traces and says so', async () => {
    const many = mkdtempSync(join(tmpdir(), 'noveum-fulltext-many-'));
    try {
      const lines = Array.from({ length: MAX_MATCHES + 5 }, (_, i) => line(`m${i}`, 'job', i % 60, 'needle'));
      writeFileSync(join(many, 'traces-1.jsonl'), lines.join('\n') + '\n');
      const big = new TraceIndex(many);
      await big.refresh();
      const list = await searched(big, 'needle');
      assert.deepEqual([list.total, list.search?.capped], [MAX_MATCHES, true]);
      big.close();
      index.close();
    } finally {
      rmSync(many, { recursive: true, force: true });
    }
  });
});
