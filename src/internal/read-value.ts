/** Readers for values from other libraries' objects: the value when it has the type, else undefined. */

/** A finite number, or undefined (NaN, Infinity, strings and the rest). */
export function finiteNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A string, or undefined. */
export function stringValue(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
