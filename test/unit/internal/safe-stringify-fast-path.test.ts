/**
 * safeStringify serialises plain data with the native JSON serialiser and everything else with
 * its own writer; the text must not depend on which path was taken.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeStringify, TRUNCATION_MARKER } from '../../../src/internal/safe-stringify.js';

describe('safeStringify on plain data', () => {
  const messages = [
    { role: 'system', content: 'You are "helpful".\nBe brief.' },
    { role: 'user', content: 'héllo ✓', name: undefined, meta: { n: 1.5, ok: true, none: null, tags: ['a', 'b'] } },
  ];

  it('gives exactly what JSON.stringify gives when the data fits', () => {
    assert.equal(safeStringify(messages), JSON.stringify(messages));
    assert.equal(safeStringify(messages, 10_000), JSON.stringify(messages));
  });

  it('cuts data that does not fit to the budget, with the marker', () => {
    const out = safeStringify([{ role: 'user', content: 'x'.repeat(5000) }], 100);
    assert.equal(out.length, 100 + TRUNCATION_MARKER.length);
    assert.ok(out.startsWith('[{"role":"user","content":"xxx'));
    assert.ok(out.endsWith(TRUNCATION_MARKER));
  });

  it('still describes what plain JSON would lose: Map, Error, functions, typed arrays, BigInt', () => {
    const out = safeStringify({
      m: new Map([['k', 1]]),
      e: new Error('boom'),
      f: function named() {},
      b: new Uint8Array(3),
      n: 5n,
    });
    assert.match(out, /"m":\{"k":1\}/);
    assert.match(out, /"message":"boom"/);
    assert.equal(
      safeStringify(function named() {}),
      '"[Function named]"'
    );
    assert.match(out, /\[Uint8Array 3 bytes\]/);
    assert.match(out, /"5n"/);
  });

  it('marks a cycle instead of failing', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    assert.match(safeStringify(a), /\[Circular\]/);
  });
});
