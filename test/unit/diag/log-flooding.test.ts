/**
 * A warning quotes at most a couple of hundred characters of user input, and one cause warns
 * once: a 1 MB parent id used to print a 1 MB line, `instrument('<100k chars>')` 100,000 lines.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { diag, quote } from '../../../src/diag/diag.js';
import { autoInstrument, finishSpan, instrument, startSpan, uninstrument } from '../../../src/index.js';
import { setupTracing, type TestTracing } from '../../helpers/tracing.js';

describe('log flooding', () => {
  let t: TestTracing;
  before(() => {
    t = setupTracing();
  });
  after(() => t.close());

  it('a 1 MB parentSpanId gives one short warning that says how long the value was', () => {
    finishSpan(startSpan('x'.repeat(1_000_000), { parentSpanId: 'f'.repeat(1_000_000) }));
    const line = t.diagLines.find((l) => l.includes('is not an open span'));
    assert.ok(line !== undefined);
    assert.ok(line.length < 500, `${line.length} chars`);
    assert.match(line, /\[1000002 chars\]/);
  });

  it("instrument('<100k chars>') warns once, not once per character", () => {
    const before = t.diagLines.length;
    assert.equal(instrument('x'.repeat(100_000) as never), 0);
    const lines = t.diagLines.slice(before);
    assert.equal(lines.length, 1, lines.slice(0, 3).join('\n'));
    assert.match(lines[0]!, /expected an object such as \{ openai: OpenAI \}, got a string of 100000 characters/);
  });

  it('unknown library names warn once per name, each quoted within bounds', () => {
    const before = t.diagLines.length;
    for (let i = 0; i < 5; i++) instrument({ ['lib'.repeat(100_000)]: {} } as never);
    const lines = t.diagLines.slice(before);
    assert.equal(lines.length, 1);
    assert.ok(lines[0]!.length < 500);
  });

  it('100,000 unknown library or method names give one line each, quoting three and counting the rest', () => {
    const before = t.diagLines.length;
    const many = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`lib${i}`, {}]));
    instrument(many as never);
    autoInstrument('openai', { methods: Array.from({ length: 100_000 }, (_, i) => `m${i}`) });
    uninstrument('openai');
    const lines = t.diagLines.slice(before);
    assert.equal(lines.length, 2, lines.slice(0, 3).join('\n'));
    assert.match(lines[0]!, /unknown library "lib0", "lib1", "lib2" and 99997 more/);
    assert.match(lines[1]!, /unknown openai method "m0", "m1", "m2" and 99997 more/);
  });

  it('a warning that quotes user input some other way is still cut, with a marker', () => {
    diag.warn(`something about ${'y'.repeat(1_000_000)}`);
    const line = t.diagLines.at(-1)!;
    assert.ok(line.length < 10_000);
    assert.match(line, /chars, cut\]$/);
  });

  it('quote() bounds strings and never reads objects (their getters may throw)', () => {
    assert.equal(quote('abc'), '"abc"');
    assert.equal(quote('a'.repeat(500), 10), `"aaaaaaaaa… [502 chars]`);
    assert.equal(quote(Symbol('s')), 'Symbol(s)');
    assert.equal(quote(10n), '10');
    assert.equal(quote({ toString: () => 'x' }), 'an object');
    assert.equal(
      quote(() => 1),
      'a function'
    );
  });
});
