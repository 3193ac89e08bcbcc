import type { AttributeValue, Attributes } from '../core/types.js';
import { truncate } from '../internal/safe-stringify.js';
import { contentKind, KEY_INPUT, KEY_OUTPUT } from './capture-keys.js';
import type { KeyMatcher } from './compile-rules.js';
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

/** Redacts one string; `TextRedactor` without its sliced form, so a per-trace cache can stand in. */
export type ScanText = (text: string) => string | undefined;

/** Scans, then cuts, one string; undefined means "drop the attribute". */
function redactString(value: string, text: ScanText | undefined, limit: number): string | undefined {
  const scanned = text === undefined ? value : text(value);
  if (scanned === undefined || limit < 0) return scanned;
  return truncate(scanned, limit);
}

function redactValue(value: AttributeValue, text: ScanText | undefined, limit: number): AttributeValue | undefined {
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

/** Redacts one attributes object; `scan` replaces the text redactor (a per-trace cache in front of it). */
export type AttributesRedactor = (attributes: Attributes, scan?: ScanText) => Attributes;

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
): AttributesRedactor | undefined {
  const inputLimit = isLimit(capture.maxInputLength) ? capture.maxInputLength : -1;
  const outputLimit = isLimit(capture.maxOutputLength) ? capture.maxOutputLength : -1;
  const capturesAll = capture.inputs !== false && capture.outputs !== false;
  if (text === undefined && keys === undefined && capturesAll && inputLimit < 0 && outputLimit < 0) return undefined;
  const actionOf = makeClassifier(keys, capture);
  const masker = makeMasker(mask);

  const apply = (key: string, value: AttributeValue, scan: ScanText | undefined): AttributeValue | undefined => {
    switch (actionOf(key)) {
      case REMOVE:
        return undefined;
      case MASK: {
        masker.failed = false;
        const masked = masker.apply(Array.isArray(value) ? value.join(',') : String(value), 'key');
        return masker.failed ? undefined : masked;
      }
      case CUT_INPUT:
        return redactValue(value, scan, inputLimit);
      case CUT_OUTPUT:
        return redactValue(value, scan, outputLimit);
      default:
        return scan === undefined ? value : redactValue(value, scan, -1);
    }
  };

  return (attributes, scan = text) => {
    let out: Attributes | undefined;
    for (const key in attributes) {
      const value = attributes[key]!;
      const next = apply(key, value, text === undefined ? undefined : scan);
      if (next === value) continue;
      out ??= { ...attributes };
      if (next === undefined) delete out[key];
      else out[key] = next;
    }
    return out ?? attributes;
  };
}
