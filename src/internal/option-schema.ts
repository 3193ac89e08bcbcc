/**
 * The keys and nesting of an options type, as a value the unknown-key check can walk. A schema
 * is declared `as const satisfies OptionSchema<Options>`, so the compiler refuses a schema that
 * misses a key of the type, has a key the type lacks, or flattens a nested options object:
 * adding an option to the type without adding it here is a type error, and adding it here is one line.
 */
import type { Warn } from './validate.js';

/** A key whose value is not checked further (a string, a number, an array, a function, a free-form map). */
export type Leaf = true;

type IsFunction<T> = [T] extends [(...args: never[]) => unknown] ? true : false;

/**
 * Nested options objects (every property optional, no index signature, not an array or a
 * function) get their own schema; everything else is a leaf. Non-distributive on purpose:
 * `boolean | 'debug'` is one leaf, not a union of shapes.
 */
type ShapeOf<T> = [T] extends [object]
  ? string extends keyof T
    ? Leaf
    : [T] extends [readonly unknown[]]
      ? Leaf
      : IsFunction<T> extends true
        ? Leaf
        : // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- "all properties optional" test
          {} extends T
          ? OptionSchema<T>
          : Leaf
  : Leaf;

/** The schema of an options type: every key, with the schema of each nested options object. */
export type OptionSchema<T> = { readonly [K in keyof T]-?: ShapeOf<NonNullable<T[K]>> };

/** A schema as the runtime walk sees it. */
export interface SchemaNode {
  readonly [key: string]: Leaf | SchemaNode;
}

// Case and separators are ignored, so `api_key`, `API-KEY` and `apiKey` are one name.
function normalise(key: string): string {
  return key.toLowerCase().replace(/[_\-\s]/g, '');
}

/** Levenshtein distance, stopping early once it exceeds `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    if (Math.min(...row) > limit) return limit + 1;
    prev = row;
  }
  return prev[b.length]!;
}

/** Every path of a schema, leaves and nested objects alike: `export`, `export.batchSize`, … */
function paths(schema: SchemaNode, prefix = ''): { name: string; path: string }[] {
  const out: { name: string; path: string }[] = [];
  for (const [key, node] of Object.entries(schema)) {
    const path = prefix + key;
    out.push({ name: key, path });
    if (node !== true) out.push(...paths(node, `${path}.`));
  }
  return out;
}

/** The best match for `key` among `candidates`: same name ignoring case and `_`, else a close spelling. */
function closest(key: string, candidates: readonly { name: string; path: string }[]): string | undefined {
  const k = normalise(key);
  const same = candidates.find((c) => normalise(c.name) === k);
  if (same !== undefined) return same.path;
  if (k.length < 4) return undefined;
  let best: { path: string; d: number } | undefined;
  for (const c of candidates) {
    const n = normalise(c.name);
    // An abbreviation (`maxOutputLen`) is as good a sign as a typo.
    const d = k.length >= 5 && n.startsWith(k) ? 1 : distance(k, n, 2);
    if (d <= 2 && (best === undefined || d < best.d)) best = { path: c.path, d };
  }
  return best?.path;
}

/** Where an unknown key at `prefix` probably belongs: its own level first, then anywhere. */
function hint(key: string, prefix: string, level: SchemaNode, root: SchemaNode): string {
  const here = closest(
    key,
    paths(level, prefix).filter((p) => !p.path.slice(prefix.length).includes('.'))
  );
  if (here !== undefined) return `; did you mean "${here}"?`;
  const elsewhere = closest(key, paths(root));
  return elsewhere === undefined ? '' : `; it belongs at "${elsewhere}"`;
}

function ownKeys(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  try {
    return Array.isArray(value) ? [] : Object.keys(value);
  } catch {
    // A revoked proxy has no keys to check; the readers of each option handle it.
    return [];
  }
}

function readKey(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** The hint for an unknown key that holds an object of options (`config: { sampling_rate }`). */
function innerHints(value: unknown, root: SchemaNode): string {
  const found: string[] = [];
  for (const inner of ownKeys(value).slice(0, 20)) {
    const at = closest(inner, paths(root));
    if (at !== undefined) found.push(`"${inner.slice(0, 60)}" belongs at "${at}"`);
  }
  return found.length === 0 ? '' : `; ${found.join(', ')}`;
}

/**
 * Warns once per key of `options` that `schema` does not know, at every nesting level (only the
 * top one with `shallow`, when nested objects are checked where they are read), naming where it
 * probably belongs. `subject` starts each line, e.g. `init()`.
 */
export function warnUnknownKeys(
  subject: string,
  options: unknown,
  schema: SchemaNode,
  warn: Warn,
  shallow = false
): void {
  const walk = (value: unknown, level: SchemaNode, prefix: string, depth: number): void => {
    if (depth > (shallow ? 0 : 4)) return;
    for (const key of ownKeys(value)) {
      const node = Object.hasOwn(level, key) ? level[key] : undefined;
      if (node === true) continue;
      if (node !== undefined) {
        walk(readKey(value as object, key), node, `${prefix}${key}.`, depth + 1);
        continue;
      }
      const shown = `${prefix}${key.length > 60 ? key.slice(0, 60) + '…' : key}`;
      const where = hint(key, prefix, level, schema) || innerHints(readKey(value as object, key), schema);
      warn(`${subject}: unknown option "${shown}" is ignored${where}`);
    }
  };
  walk(options, schema, '', 0);
}
