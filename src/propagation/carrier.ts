/**
 * Reading and writing headers on whatever carries them: Node's `IncomingHttpHeaders` (array
 * values included), a Fetch `Headers`, a `Map`, or a plain object, with names matched
 * case-insensitively. Getters that throw and odd shapes read as "absent".
 */

interface HeadersLike {
  get(name: string): unknown;
}

function isHeadersLike(carrier: object): carrier is HeadersLike {
  return typeof (carrier as { get?: unknown }).get === 'function' && !(carrier instanceof Map);
}

/** Every value of `name` (lowercase) in `carrier`, in order; an empty list when there is none. */
export function readHeaderValues(carrier: unknown, name: string): string[] {
  if (carrier === null || typeof carrier !== 'object') return [];
  try {
    if (carrier instanceof Map) return collect(carrier.get(name) ?? findKey(carrier.entries(), name));
    // A Fetch Headers joins repeated values with ", ", which is how a repeated traceparent shows there.
    if (isHeadersLike(carrier)) return collect(carrier.get(name));
    // Every key is compared: `{ traceparent, TraceParent }` holds two values, as repeated headers do.
    return collect(findKey(Object.entries(carrier), name));
  } catch {
    return [];
  }
}

function findKey(entries: Iterable<[unknown, unknown]>, name: string): unknown {
  let found: unknown[] | undefined;
  let count = 0;
  for (const [key, value] of entries) {
    // A plain object with thousands of keys is hostile; stop looking after a bound.
    if (++count > 1000) break;
    if (typeof key === 'string' && key.length === name.length && key.toLowerCase() === name) (found ??= []).push(value);
  }
  return found === undefined ? undefined : found.length === 1 ? found[0] : found.flat();
}

function collect(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').slice(0, 16);
  return [];
}

/**
 * Sets `name: value` on `carrier` unless it already has that header. Works on a Fetch
 * `Headers`, a `Map` and a plain object; returns whether it wrote.
 */
export function writeHeader(carrier: unknown, name: string, value: string): boolean {
  if (carrier === null || typeof carrier !== 'object') return false;
  if (readHeaderValues(carrier, name).length > 0) return false;
  try {
    const c = carrier as { set?: unknown };
    if (carrier instanceof Map || (typeof c.set === 'function' && isHeadersLike(carrier))) {
      (c.set as (n: string, v: string) => void).call(carrier, name, value);
    } else {
      (carrier as Record<string, unknown>)[name] = value;
    }
    return true;
  } catch {
    // A frozen object or a read-only Headers (a Response's): nothing to do.
    return false;
  }
}
