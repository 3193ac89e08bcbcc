/**
 * JSON for values we did not create: never throws, never walks further than it
 * will keep. The budget makes a 100 KB message cost what its kept prefix costs.
 */

export const TRUNCATION_MARKER = '…[truncated]';

const MAX_DEPTH = 12;

class Writer {
  out = '';
  constructor(readonly budget: number) {}
  get full(): boolean {
    return this.out.length >= this.budget;
  }
  write(s: string): void {
    this.out += s;
  }
}

function stringLiteral(value: string, w: Writer): string {
  // Slice before quoting so a 1 MB string costs only its kept prefix.
  const room = Math.max(0, w.budget - w.out.length) + 2;
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
 * Serialises any value to JSON text of at most `maxLength` characters (plus the marker).
 * Cycles, BigInt, functions, symbols, throwing getters and `toJSON` failures all produce text.
 */
export function safeStringify(value: unknown, maxLength = Number.POSITIVE_INFINITY): string {
  const w = new Writer(maxLength);
  try {
    writeValue(value, w, [], 0);
  } catch {
    // A getter or toJSON threw part-way: keep what was written, mark the rest.
    return truncate(w.out, maxLength) + '[unserializable]';
  }
  return truncate(w.out, maxLength);
}

/** Cuts `text` to `maxLength` characters and marks the cut; returns `text` unchanged when it fits. */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  return text.slice(0, Math.max(0, maxLength)) + TRUNCATION_MARKER;
}
