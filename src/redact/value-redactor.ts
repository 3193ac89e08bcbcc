import { copyCutHeads, cutHeadOf, hasCutHeads, rememberCutHead } from '../core/cut-text.js';
import type { AttributeValue, Attributes } from '../core/types.js';
import { truncate, TRUNCATION_MARKER } from '../internal/safe-stringify.js';
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

/** A cut value redacted through its head: the new value (undefined: drop it) and its head. */
interface CutResult {
  readonly value: AttributeValue | undefined;
  readonly head: string | undefined;
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

  // Without a text redactor there is nothing to scan; one that masks more than the secrets has no head form.
  const scanHead = text?.cutHead;
  const headForm = text === undefined || scanHead !== undefined;
  // A cut capture (see core/cut-text) is scanned and limited through its head, so its joined
  // value, two-byte for the marker's '…', is never flattened; undefined: take the full path.
  const viaHead = (key: string, value: AttributeValue, head: string): CutResult | undefined => {
    const action = actionOf(key);
    if (action === REMOVE || action === MASK || head.length > SLICE_CHARS) return undefined;
    const scanned = scanHead === undefined ? head : scanHead(head);
    if (scanned === undefined) return { value: undefined, head: undefined };
    const limit = action === CUT_INPUT ? inputLimit : action === CUT_OUTPUT ? outputLimit : -1;
    // What `truncate` keeps as it is: the value fits, or is already cut to the limit.
    if (limit >= 0 && scanned.length + TRUNCATION_MARKER.length > limit && scanned.length !== limit) return undefined;
    return scanned === head ? { value, head } : { value: scanned + TRUNCATION_MARKER, head: scanned };
  };

  return (attributes, scan = text) => {
    let out: Attributes | undefined;
    const cuts = headForm && hasCutHeads(attributes);
    for (const key in attributes) {
      const value = attributes[key]!;
      const head = cuts ? cutHeadOf(attributes, key, value) : undefined;
      const cut = head === undefined ? undefined : viaHead(key, value, head);
      const next = cut !== undefined ? cut.value : apply(key, value, text === undefined ? undefined : scan);
      if (next === value) continue;
      if (out === undefined) {
        out = { ...attributes };
        if (cuts) copyCutHeads(attributes, out);
      }
      if (next === undefined) delete out[key];
      else out[key] = next;
      if (typeof next === 'string' && cut?.head !== undefined) rememberCutHead(out, key, next, cut.head);
    }
    return out ?? attributes;
  };
}
