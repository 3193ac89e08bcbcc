import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TRUNCATION_MARKER, safeStringify, truncate } from '../../../src/internal/safe-stringify.js';

describe('safeStringify', () => {
  it('writes plain JSON for plain values', () => {
    assert.equal(safeStringify({ a: 1, b: ['x', true, null] }), '{"a":1,"b":["x",true,null]}');
  });
  it('marks cycles instead of throwing', () => {
    const a: Record<string, unknown> = {};
    a['a'] = a;
    assert.equal(safeStringify(a), '{"a":"[Circular]"}');
  });
  it('writes BigInt, symbols and functions as text', () => {
    assert.equal(safeStringify([1n, Symbol('s'), function f() {}]), '["1n","Symbol(s)","[Function f]"]');
  });
  it('bounds a 1 MB string and marks the cut', () => {
    const out = safeStringify({ text: 'y'.repeat(1_000_000) }, 100);
    assert.ok(out.length <= 100 + TRUNCATION_MARKER.length);
    assert.ok(out.endsWith(TRUNCATION_MARKER));
  });
  it('survives throwing getters and toJSON', () => {
    const bad = {
      ok: 1,
      get boom(): never {
        throw new Error('getter');
      },
    };
    assert.equal(typeof safeStringify(bad), 'string');
    assert.equal(
      typeof safeStringify({
        toJSON: () => {
          throw new Error('x');
        },
      }),
      'string'
    );
  });
  it('writes errors, dates, maps and sets', () => {
    assert.match(safeStringify(new Error('e')), /"message":"e"/);
    assert.equal(safeStringify(new Date(0)), '"1970-01-01T00:00:00.000Z"');
    assert.equal(safeStringify(new Set([1])), '[1]');
    assert.match(safeStringify(new Map([['k', 1]])), /"k":1/);
  });
});

describe('truncate', () => {
  it('returns short text unchanged and marks long text', () => {
    assert.equal(truncate('abc', 5), 'abc');
    assert.equal(truncate('abcdef', 3), 'abc' + TRUNCATION_MARKER);
  });
});
