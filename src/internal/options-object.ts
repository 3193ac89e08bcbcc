/**
 * A plain snapshot of an options argument: `{}` for null, undefined, a primitive, or an object
 * that cannot be read (a revoked proxy, a getter that throws). Constructors read the snapshot,
 * so a hostile options value cannot make `new SomeExporter(options)` throw. Never throws.
 */
export function optionsObject<T extends object>(value: T | null | undefined): Partial<T> {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return {};
  try {
    return { ...value };
  } catch {
    return {};
  }
}
