import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractTraceContext } from '../../../src/api/propagation.js';
import { formatBaggage, parseBaggage } from '../../../src/propagation/baggage.js';
import { parseTraceparent, parseTracestate } from '../../../src/propagation/trace-context.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const VALID = `00-${TRACE}-${SPAN}-01`;

describe('parseTraceparent()', () => {
  it('reads the ids and the sampled flag of a valid header', () => {
    assert.deepEqual(parseTraceparent(VALID), { traceId: TRACE, spanId: SPAN, sampled: true });
    assert.equal(parseTraceparent(`00-${TRACE}-${SPAN}-00`)?.sampled, false);
    // Other flag bits are ignored; only bit 0 says sampled.
    assert.equal(parseTraceparent(`00-${TRACE}-${SPAN}-03`)?.sampled, true);
  });

  it('accepts a later version with extra fields, as the spec asks', () => {
    assert.equal(parseTraceparent(`01-${TRACE}-${SPAN}-01-what-ever`)?.traceId, TRACE);
  });

  const hostile: Record<string, unknown> = {
    'version ff': `ff-${TRACE}-${SPAN}-01`,
    'version 00 with extra fields': `${VALID}-extra`,
    'all-zero trace id': `00-${'0'.repeat(32)}-${SPAN}-01`,
    'all-zero span id': `00-${TRACE}-${'0'.repeat(16)}-01`,
    'uppercase hex': VALID.toUpperCase(),
    'uppercase trace id only': `00-${TRACE.toUpperCase()}-${SPAN}-01`,
    'short trace id': `00-${TRACE.slice(1)}-${SPAN}-01`,
    'long span id': `00-${TRACE}-${SPAN}0-01`,
    'one-digit flags': `00-${TRACE}-${SPAN}-1`,
    'non-hex flags': `00-${TRACE}-${SPAN}-zz`,
    'wrong separators': `00_${TRACE}_${SPAN}_01`,
    'empty string': '',
    'oversized (1 MB)': `00-${TRACE}-${SPAN}-01-${'a'.repeat(1_000_000)}`,
    'two headers joined': `${VALID}, 00-${'1'.repeat(32)}-${SPAN}-01`,
    'a number': 42,
    'an object': { toString: () => VALID },
    undefined: undefined,
    null: null,
  };
  for (const [name, value] of Object.entries(hostile)) {
    it(`ignores ${name}`, () => assert.equal(parseTraceparent(value), undefined));
  }
});

describe('parseTracestate()', () => {
  it('keeps valid members in order and drops malformed ones', () => {
    assert.equal(parseTracestate('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7'), 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7');
    assert.equal(parseTracestate('congo=ok, BAD KEY=x ,tenant@sys=1'), 'congo=ok,tenant@sys=1');
  });

  it('drops a header with duplicated keys, over 32 members or over 512 characters', () => {
    assert.equal(parseTracestate('a=1,a=2'), undefined);
    assert.equal(parseTracestate(Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(',')), undefined);
    assert.equal(parseTracestate(`a=${'x'.repeat(600)}`), undefined);
    assert.equal(parseTracestate(7), undefined);
  });
});

describe('baggage', () => {
  it('decodes percent-encoded values and drops properties', () => {
    const entries = parseBaggage('user.id=alice%40example.com;prop=1, session.id = s%201 ,bad key=x');
    assert.deepEqual(
      [...entries],
      [
        ['user.id', 'alice@example.com'],
        ['session.id', 's 1'],
      ]
    );
  });

  it('ignores malformed percent-encoding, empty keys and non-strings', () => {
    assert.deepEqual([...parseBaggage('a=%E0%A4%A,=v,b=ok')], [['b', 'ok']]);
    assert.equal(parseBaggage(undefined).size, 0);
    assert.equal(parseBaggage({}).size, 0);
  });

  it('reads at most 64 entries and 8192 bytes of a huge header', () => {
    const many = Array.from({ length: 500 }, (_, i) => `k${i}=v`).join(',');
    assert.equal(parseBaggage(many).size, 64);
    const huge = `a=1,b=${'x'.repeat(20_000)},c=3`;
    assert.deepEqual([...parseBaggage(huge)], [['a', '1']]);
  });

  it('round-trips values that need encoding and stays within the bounds', () => {
    const value = 'ünïcode, semi;colon=equals %';
    const header = formatBaggage(new Map([['user.id', value]]))!;
    assert.doesNotMatch(header, /[ ;,]/);
    assert.equal(parseBaggage(header).get('user.id'), value);
    const big = new Map(Array.from({ length: 200 }, (_, i) => [`k${i}`, 'v'.repeat(100)] as [string, string]));
    const out = formatBaggage(big)!;
    assert.ok(out.length <= 8192);
    assert.ok(out.split(',').length <= 64);
  });
});

describe('extractTraceContext()', () => {
  it('reads every header shape, names matched case-insensitively', () => {
    const shapes: object[] = [
      { traceparent: VALID },
      { TraceParent: VALID },
      { traceparent: [VALID] },
      new Headers({ TRACEPARENT: VALID }),
      new Map([['Traceparent', VALID]]),
    ];
    for (const headers of shapes) assert.equal(extractTraceContext(headers)?.spanId, SPAN);
  });

  it('ignores repeated traceparent headers, whatever the shape', () => {
    const other = `00-${'1'.repeat(32)}-${SPAN}-01`;
    assert.equal(extractTraceContext({ traceparent: [VALID, other] }), undefined);
    const h = new Headers();
    h.append('traceparent', VALID);
    h.append('traceparent', other);
    assert.equal(extractTraceContext(h), undefined);
    assert.equal(extractTraceContext({ traceparent: VALID, TraceParent: other }), undefined);
  });

  it('returns tracestate and baggage with the parent, and never throws on hostile carriers', () => {
    const got = extractTraceContext({ traceparent: VALID, tracestate: 'v=1', baggage: 'user.id=u1' });
    assert.deepEqual(got, {
      traceId: TRACE,
      spanId: SPAN,
      sampled: true,
      traceState: 'v=1',
      baggage: { 'user.id': 'u1' },
    });
    const throwing = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom');
        },
        ownKeys: () => {
          throw new Error('boom');
        },
      }
    );
    for (const carrier of [throwing, Object.create(null), [], 'traceparent', null, 42]) {
      assert.equal(extractTraceContext(carrier as object), undefined);
    }
  });
});
