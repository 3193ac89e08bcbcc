import type { AttributeValue, Attributes } from '../core/types.js';
import { truncate } from '../internal/safe-stringify.js';
import { contentKind, KEY_INPUT, KEY_OUTPUT } from './capture-keys.js';
import type { KeyMatcher } from './compile-rules.js';
import { SLICE_CHARS } from './slice-text.js';
import { makeMasker, type TextRedactor } from './text-redactor.js';
import type { RedactionOptions } from './types.js';

/** The capture settings the redactor enforces (ResolvedCapture in the api layer). */
export interface CaptureLimits {
  readonly inputs: boolean;
  readonly outputs: boolean;
  readonly maxInputLength: number;
  readonly maxOutputLength: number;
}

// What happens to an attribute, decided once per key and cached.
const SCAN = 0; // run the text detectors over string values
const REMOVE = 1; // capture toggle off
const MASK = 2; // listed in `keys`: the whole value goes
const CUT_INPUT = 3; // scan, then cut to maxInputLength
const CUT_OUTPUT = 4; // scan, then cut to maxOutputLength
type Action = typeof SCAN | typeof REMOVE | typeof MASK | typeof CUT_INPUT | typeof CUT_OUTPUT;

// Attribute keys are few in practice; the cap stops generated keys from growing the cache.
const MAX_CACHED_KEYS = 4096;

function isLimit(n: number): boolean {
  return typeof n === 'number' && n >= 0 && n < Number.MAX_SAFE_INTEGER;
}

function makeClassifier(keys: KeyMatcher | undefined, capture: CaptureLimits): (key: string) => Action {
  const cache = new Map<string, Action>();
  const classify = (key: string): Action => {
    const kind = contentKind(key);
    if ((kind === KEY_INPUT && !capture.inputs) || (kind === KEY_OUTPUT && !capture.outputs)) return REMOVE;
    if (keys !== undefined && (keys.exact.has(key) || keys.patterns.some((p) => p.test(key)))) return MASK;
    if (kind === KEY_INPUT) return CUT_INPUT;
    return kind === KEY_OUTPUT ? CUT_OUTPUT : SCAN;
  };
  return (key) => {
    let action = cache.get(key);
    if (action === undefined) {
      action = classify(key);
      if (cache.size < MAX_CACHED_KEYS) cache.set(key, action);
    }
    return action;
  };
}

// Strings at least this long give a sliced export a chance to pause after them; longer than
// SLICE_CHARS they are redacted a slice at a time (see slice-text.ts).
const YIELD_AFTER_CHARS = 1024;

/** Attributes redaction, one value at a time: each `yield` is a point where a sliced export may pause. */
export type AttributesSteps = (attributes: Attributes) => Generator<void, Attributes, void>;

/** Scans, then cuts, one string; undefined means "drop the attribute". */
function redactString(value: string, text: TextRedactor | undefined, limit: number): string | undefined {
  const scanned = text === undefined ? value : text(value);
  if (scanned === undefined || limit < 0) return scanned;
  return truncate(scanned, limit);
}

/** {@link redactString} for a long string, a slice at a time. */
function* redactLongString(
  value: string,
  text: TextRedactor,
  limit: number
): Generator<void, string | undefined, void> {
  const scanned = yield* text.steps(value);
  if (scanned === undefined || limit < 0) return scanned;
  return truncate(scanned, limit);
}

function redactValue(value: AttributeValue, text: TextRedactor | undefined, limit: number): AttributeValue | undefined {
  if (typeof value === 'string') return redactString(value, text, limit);
  // Non-strings cost one typeof; only arrays of strings can hold text.
  if (!Array.isArray(value) || value.length === 0 || typeof value[0] !== 'string') return value;
  let out: string[] | undefined;
  const items = value as readonly string[];
  for (let i = 0; i < items.length; i++) {
    const next = redactString(items[i]!, text, limit);
    if (next === undefined) return undefined;
    if (next === items[i]) continue;
    out ??= items.slice();
    out[i] = next;
  }
  return out ?? value;
}

/**
 * Builds the per-attributes step: capture toggles, key masks, text detectors and
 * truncation (after the detectors, so a secret across the cut is masked whole).
 * Returns the same object when nothing changed, a new one otherwise.
 * Undefined when no option asks for anything.
 */
export function createValueRedactor(
  text: TextRedactor | undefined,
  keys: KeyMatcher | undefined,
  mask: RedactionOptions['mask'],
  capture: CaptureLimits
): AttributesSteps | undefined {
  const inputLimit = isLimit(capture.maxInputLength) ? capture.maxInputLength : -1;
  const outputLimit = isLimit(capture.maxOutputLength) ? capture.maxOutputLength : -1;
  const capturesAll = capture.inputs !== false && capture.outputs !== false;
  if (text === undefined && keys === undefined && capturesAll && inputLimit < 0 && outputLimit < 0) return undefined;
  const actionOf = makeClassifier(keys, capture);
  const masker = makeMasker(mask);
  const limitOf = (action: Action): number =>
    action === CUT_INPUT ? inputLimit : action === CUT_OUTPUT ? outputLimit : -1;

  const maskWhole = (value: AttributeValue): AttributeValue | undefined => {
    masker.failed = false;
    const masked = masker.apply(Array.isArray(value) ? value.join(',') : String(value), 'key');
    return masker.failed ? undefined : masked;
  };

  return function* (attributes) {
    let out: Attributes | undefined;
    for (const key in attributes) {
      const value = attributes[key]!;
      const action = actionOf(key);
      const long = typeof value === 'string' && value.length >= YIELD_AFTER_CHARS;
      let next: AttributeValue | undefined;
      if (action === REMOVE) next = undefined;
      else if (action === MASK) next = maskWhole(value);
      else if (action === SCAN && text === undefined) next = value;
      else if (long && text !== undefined && value.length > SLICE_CHARS)
        next = yield* redactLongString(value, text, limitOf(action));
      else next = redactValue(value, text, limitOf(action));
      if (long) yield;
      if (next === value) continue;
      out ??= { ...attributes };
      if (next === undefined) delete out[key];
      else out[key] = next;
    }
    return out ?? attributes;
  };
}
