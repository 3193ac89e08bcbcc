import { safeStringify, truncate } from '../internal/safe-stringify.js';
import type { AttributeValue, Attributes } from './types.js';

/** Limits applied as attributes are set, before anything is stored. */
export interface AttributeLimits {
  /** The longest string kept in one attribute; longer values are cut and marked. */
  readonly maxAttributeLength: number;
}

export const DEFAULT_ATTRIBUTE_LIMITS: AttributeLimits = { maxAttributeLength: 32_768 };

function isHomogeneousPrimitiveArray(value: readonly unknown[]): boolean {
  if (value.length === 0) return true;
  const kind = typeof value[0];
  if (kind !== 'string' && kind !== 'number' && kind !== 'boolean') return false;
  for (let i = 1; i < value.length; i++) if (typeof value[i] !== kind) return false;
  return true;
}

/**
 * Turns any value into something an attribute can hold: primitives stay, homogeneous
 * primitive arrays stay, everything else becomes bounded JSON text. Never throws.
 * Returns undefined for `undefined` and `null`, which mean "no attribute".
 */
export function toAttributeValue(value: unknown, limits: AttributeLimits): AttributeValue | undefined {
  switch (typeof value) {
    case 'string':
      return value.length > limits.maxAttributeLength ? truncate(value, limits.maxAttributeLength) : value;
    case 'number':
    case 'boolean':
      return value;
    case 'undefined':
      return undefined;
    case 'bigint':
      return value.toString();
    default:
      if (value === null) return undefined;
      return objectToAttributeValue(value, limits);
  }
}

// Values we did not create can throw on any access (revoked proxies, hostile getters).
const UNREADABLE = '[unreadable]';

function objectToAttributeValue(value: unknown, limits: AttributeLimits): AttributeValue {
  try {
    if (Array.isArray(value) && isHomogeneousPrimitiveArray(value)) {
      if (typeof value[0] !== 'string') return value.slice() as AttributeValue;
      return (value as string[]).map((s) => toAttributeValue(s, limits) as string);
    }
    return safeStringify(value, limits.maxAttributeLength);
  } catch {
    return UNREADABLE;
  }
}

/** `String(value)` that never throws: a throwing `toString` falls back to JSON text. */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return String(value);
  } catch {
    return safeStringify(value, 1000);
  }
}

// Symbol.for, not instanceof: the ESM and CommonJS copies of the package each have their own
// class, and a value made by one may be set on a span made by the other.
const DEFERRED_BRAND = Symbol.for('noveum-trace.deferred-attribute');

/** True for a `DeferredAttribute` of any copy of the package; safe on any value, revoked proxies included. */
export function isDeferredAttribute(value: unknown): value is DeferredAttribute {
  if (typeof value !== 'object' || value === null) return false;
  try {
    return (value as Record<symbol, unknown>)[DEFERRED_BRAND] === true;
  } catch {
    // Reading a property of a revoked proxy throws: not ours, then.
    return false;
  }
}

/**
 * A value worked out only when a span's attributes are first read, which for exported spans
 * is in the export pipeline, off the caller's path. Instrumentations use it for captured
 * prompts and completions: serialising, redacting and cutting 100 KB of messages costs the
 * caller nothing. `resolve()` must not depend on state that changes after the call (hold a
 * snapshot); what it returns goes through `toAttributeValue`; if it throws, the attribute is
 * dropped and the failure reported.
 */
export abstract class DeferredAttribute {
  /** The cross-copy brand (see `isDeferredAttribute`). */
  get [DEFERRED_BRAND](): true {
    return true;
  }
  abstract resolve(): unknown;
  /**
   * After `resolve()`: the kept head when the value it returned was cut (the head followed by
   * the truncation marker), else undefined. Export writes the head apart from the marker.
   */
  cutHead(): string | undefined {
    return undefined;
  }
  /** About how many characters this value keeps alive until it is resolved (the export queue counts memory with it). */
  abstract sizeHint(): number;
}

/** Copies `input` into `target` through `toAttributeValue`; deferred values go to `onDeferred`. */
export function assignAttributes(
  target: Attributes,
  input: Readonly<Record<string, unknown>>,
  limits: AttributeLimits,
  onDeferred?: (key: string, value: DeferredAttribute) => void
): void {
  try {
    for (const key in input) {
      if (!Object.prototype.hasOwnProperty.call(input, key)) continue;
      let raw: unknown;
      try {
        raw = input[key];
      } catch {
        raw = UNREADABLE;
      }
      if (onDeferred !== undefined && isDeferredAttribute(raw)) {
        onDeferred(key, raw);
        continue;
      }
      const v = toAttributeValue(raw, limits);
      if (v !== undefined) target[key] = v;
    }
  } catch {
    // A proxy whose key enumeration throws: keep the attributes copied so far rather than fail the caller.
  }
}
