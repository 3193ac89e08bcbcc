/**
 * The values a hostile tester hands every public function: cycles, BigInt, Symbol, throwing
 * getters, proxies that throw on every trap or are revoked, 1 MB strings, NaN and Infinity,
 * null and undefined, and plain wrong types.
 */

function throwingProxy(target: object): object {
  const fail = (): never => {
    throw new Error('hostile trap');
  };
  return new Proxy(target, {
    get: fail,
    has: fail,
    ownKeys: fail,
    getOwnPropertyDescriptor: fail,
    getPrototypeOf: fail,
    apply: fail,
    construct: fail,
  });
}

function revoked(target: object): object {
  const r = Proxy.revocable(target, {});
  r.revoke();
  return r.proxy;
}

const circular: Record<string, unknown> = { name: 'circular', attributes: {} };
circular['self'] = circular;
(circular['attributes'] as Record<string, unknown>)['loop'] = circular;

const getters: Record<string, unknown> = {};
for (const key of ['name', 'attributes', 'traceId', 'spanId', 'openai', 'usage', 'then', 'length', 'toString']) {
  Object.defineProperty(getters, key, {
    enumerable: true,
    get(): never {
      throw new Error(`getter ${key}`);
    },
  });
}

const MB = 'x'.repeat(1_000_000);

/** `[label, value]`; functions among them are never called as a user callback by the suite. */
export const HOSTILE: readonly (readonly [string, unknown])[] = [
  ['circular object', circular],
  ['BigInt', 10n],
  ['Symbol', Symbol('hostile')],
  ['throwing getters', getters],
  ['proxy throwing on every trap', throwingProxy({})],
  ['function proxy throwing on every trap', throwingProxy(function hostile() {})],
  ['revoked proxy', revoked({})],
  ['revoked function proxy', revoked(function hostile() {})],
  ['1 MB string', MB],
  ['object of 1 MB strings', { [MB.slice(0, 1000)]: MB, name: MB, attributes: { big: MB } }],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
  ['null', null],
  ['undefined', undefined],
  ['number', 42],
  ['boolean', true],
  ['array of mixed', [1, 'a', null, {}]],
  ['invalid Date', new Date(NaN)],
  ['null-prototype object', Object.create(null) as object],
];
