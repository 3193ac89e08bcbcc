/** The open-span set a crash ends spans from: it lists open spans and does not keep abandoned ones alive. */
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, it } from 'node:test';
import { OpenSpans } from '../../../src/core/open-spans.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const turn = () => new Promise((r) => setImmediate(r));

interface FakeSpan {
  ended: boolean;
  readonly name: string;
}

/** Starts and ends `n` spans, enough to pass a sweep or two. */
function churn(set: OpenSpans<FakeSpan>, n: number): void {
  for (let i = 0; i < n; i++) {
    const s: FakeSpan = { ended: false, name: 'short' };
    set.add(s);
    s.ended = true;
    set.delete(s);
  }
}

describe('OpenSpans', () => {
  it('lists the spans still open, oldest first, across sweeps', () => {
    const set = new OpenSpans<FakeSpan>();
    const long: FakeSpan = { ended: false, name: 'long' };
    set.add(long);
    churn(set, 3000);
    const recent: FakeSpan = { ended: false, name: 'recent' };
    set.add(recent);
    assert.deepEqual(
      set.list().map((s) => s.name),
      ['long', 'recent']
    );
    long.ended = true;
    assert.deepEqual(
      set.list().map((s) => s.name),
      ['recent']
    );
  });

  it('keeps listing the spans still open when spans started before a sweep end after it', () => {
    const set = new OpenSpans<FakeSpan>();
    const early: FakeSpan = { ended: false, name: 'early' };
    set.add(early);
    churn(set, 1023); // the 1,024th start sweeps: `early` moves to the weak set
    const late: FakeSpan = { ended: false, name: 'late' };
    set.add(late);
    early.ended = true;
    set.delete(early);
    set.delete(early); // a second delete changes nothing
    assert.deepEqual(
      set.list().map((s) => s.name),
      ['late']
    );
    late.ended = true;
    set.delete(late);
    assert.deepEqual(set.list(), []);
  });

  it('lets a span that is never ended be garbage-collected once a sweep has passed', async () => {
    const set = new OpenSpans<FakeSpan>();
    let ref: WeakRef<FakeSpan> | undefined;
    (() => {
      const abandoned: FakeSpan = { ended: false, name: 'abandoned' };
      ref = new WeakRef(abandoned);
      set.add(abandoned);
    })();
    churn(set, 3000);
    await turn();
    gc();
    await turn();
    assert.equal(ref!.deref(), undefined, 'the abandoned span was collected');
    assert.deepEqual(set.list(), []);
  });
});
