/**
 * JSON for values we did not create: never throws, never walks further than it
 * will keep. The budget makes a 100 KB message cost what its kept prefix costs.
 */

export const TRUNCATION_MARKER = '…[truncated]';

const MAX_DEPTH = 12;

// How much longer than the budget plain data may be and still be serialised natively, whole.
const FAST_PATH_BUDGET = 2;

// Pieces joined once at the end: `+=` would build a rope that V8 flattens (copies) again at each
// later slice or encode, which for a 20 KB capture showed up in the export profile.
class Writer {
  private readonly _parts: string[] = [];
  length = 0;
  constructor(readonly budget: number) {}
  get full(): boolean {
    return this.length >= this.budget;
  }
  get out(): string {
    return this._parts.join('');
  }
  write(s: string): void {
    this._parts.push(s);
    this.length += s.length;
  }
}

function stringLiteral(value: string, w: Writer): string {
  // Slice before quoting so a 1 MB string costs only its kept prefix.
  const room = Math.max(0, w.budget - w.length) + 2;
  return JSON.stringify(value.length > room ? value.slice(0, room) : value);
}

function writeValue(value: unknown, w: Writer, seen: unknown[], depth: number): void {
  if (w.full) return;
  switch (typeof value) {
    case 'string':
      w.write(stringLiteral(value, w));
      return;
    case 'number':
      w.write(Number.isFinite(value) ? String(value) : JSON.stringify(String(value)));
      return;
    case 'boolean':
      w.write(value ? 'true' : 'false');
      return;
    case 'bigint':
      w.write(`"${value.toString()}n"`);
      return;
    case 'undefined':
      w.write('null');
      return;
    case 'symbol':
      w.write(JSON.stringify(value.toString()));
      return;
    case 'function':
      w.write(JSON.stringify(`[Function ${value.name || 'anonymous'}]`));
      return;
    default:
      writeObject(value as object | null, w, seen, depth);
  }
}

function writeObject(value: object | null, w: Writer, seen: unknown[], depth: number): void {
  if (value === null) return w.write('null');
  if (seen.includes(value)) return w.write('"[Circular]"');
  if (depth >= MAX_DEPTH) return w.write('"[Object]"');
  if (value instanceof Date) {
    return w.write(Number.isNaN(value.getTime()) ? 'null' : `"${value.toISOString()}"`);
  }
  if (value instanceof Error) {
    return writeEntries(
      [
        ['name', value.name],
        ['message', value.message],
        ['stack', value.stack],
      ],
      w,
      seen,
      depth,
      value
    );
  }
  if (ArrayBuffer.isView(value)) {
    return w.write(`"[${value.constructor.name} ${value.byteLength} bytes]"`);
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    seen.push(value);
    writeValue(toJSON.call(value), w, seen, depth + 1);
    seen.pop();
    return;
  }
  if (Array.isArray(value) || value instanceof Set) {
    return writeArray(Array.isArray(value) ? value : [...value], w, seen, depth, value);
  }
  if (value instanceof Map) return writeEntries([...value.entries()], w, seen, depth, value);
  writeEntries(Object.entries(value), w, seen, depth, value);
}

function writeArray(items: readonly unknown[], w: Writer, seen: unknown[], depth: number, self: object): void {
  seen.push(self);
  w.write('[');
  for (let i = 0; i < items.length && !w.full; i++) {
    if (i > 0) w.write(',');
    writeValue(items[i], w, seen, depth + 1);
  }
  w.write(']');
  seen.pop();
}

function writeEntries(
  entries: ReadonlyArray<readonly [unknown, unknown]>,
  w: Writer,
  seen: unknown[],
  depth: number,
  self: object
): void {
  seen.push(self);
  w.write('{');
  let first = true;
  for (const [key, item] of entries) {
    if (w.full) break;
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    if (!first) w.write(',');
    first = false;
    w.write(JSON.stringify(String(key)) + ':');
    writeValue(item, w, seen, depth + 1);
  }
  w.write('}');
  seen.pop();
}

/**
 * The approximate JSON length of `value` when it is plain data (strings, finite numbers,
 * booleans, null, arrays and objects with the plain prototype, no `toJSON`) no longer than
 * `budget` and no deeper than MAX_DEPTH; otherwise -1. Cycles end at the depth limit.
 */
function plainJsonSize(value: unknown, depth: number, budget: number): number {
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
      return Number.isFinite(value) ? 8 : -1;
    case 'boolean':
      return 5;
    case 'object':
      break;
    default:
      return -1;
  }
  if (value === null) return 4;
  if (depth >= MAX_DEPTH) return -1;
  let size = 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const n = plainJsonSize(value[i], depth + 1, budget - size);
      if (n < 0) return -1;
      size += n + 1;
      if (size > budget) return -1;
    }
    return size;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return -1;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return -1;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    // JSON.stringify skips undefined members, as the writer does.
    const n = item === undefined ? 0 : plainJsonSize(item, depth + 1, budget - size);
    if (n < 0) return -1;
    size += key.length + 4 + n;
    if (size > budget) return -1;
  }
  return size;
}

/**
 * Serialises any value to JSON text of at most `maxLength` characters (plus the marker).
 * Cycles, BigInt, functions, symbols, throwing getters and `toJSON` failures all produce text.
 */
export function safeStringify(value: unknown, maxLength = Number.POSITIVE_INFINITY): string {
  const { text, final } = uncutStringify(value, maxLength);
  return final ? text : truncate(text, maxLength);
}

/**
 * `safeStringify` before its last cut: `truncate(text, maxLength)` is its result, or `text` is
 * when `final`. A caller that cuts shorter anyway skips the marker here, which would make a
 * two-byte string of the text the moment it is sliced.
 */
export function uncutStringify(value: unknown, maxLength: number): { text: string; final: boolean } {
  // Plain JSON data (what LLM messages are) that fits twice the budget goes through the native
  // serialiser, several times faster than the writer below, and its text is one copy instead
  // of pieces and their join (a snapshot cut just past the budget fits); anything else takes
  // the safe path. Both write the same text up to `maxLength`.
  try {
    if (plainJsonSize(value, 0, FAST_PATH_BUDGET * maxLength) >= 0) {
      const text = JSON.stringify(value);
      if (text !== undefined) return { text, final: false };
    }
  } catch {
    // A getter threw: the safe writer below keeps what it can.
  }
  const w = new Writer(maxLength);
  try {
    writeValue(value, w, [], 0);
  } catch {
    // A getter or toJSON threw part-way: keep what was written, mark the rest.
    return { text: truncate(w.out, maxLength) + '[unserializable]', final: true };
  }
  return { text: w.out, final: false };
}

/**
 * Cuts `text` to `maxLength` characters and marks the cut; returns `text` unchanged when it fits,
 * or when it was already cut to that length (so a second pass, at export, is free).
 */
export function truncate(text: string, maxLength: number): string {
  const head = truncatedHead(text, maxLength);
  return head === undefined ? text : head + TRUNCATION_MARKER;
}

/** The part of `text` that `truncate` keeps before its marker, or undefined when it returns `text` as it is. */
export function truncatedHead(text: string, maxLength: number): string | undefined {
  if (text.length <= maxLength) return undefined;
  if (text.length === maxLength + TRUNCATION_MARKER.length && text.endsWith(TRUNCATION_MARKER)) return undefined;
  return text.slice(0, Math.max(0, maxLength));
}
