import { diag } from '../diag/diag.js';
import { BUILT_IN_DETECTORS, DETECTOR_ORDER, type Detector } from './detectors.js';
import type { PiiDetector, RedactionOptions } from './types.js';

const ALWAYS = (): boolean => true;

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  return value === null ? 'null' : typeof value;
}

function pickDetectors(redactPii: unknown): readonly PiiDetector[] {
  if (redactPii === undefined || redactPii === false) return [];
  if (redactPii === true) return DETECTOR_ORDER;
  if (!Array.isArray(redactPii)) {
    diag.warn(
      `option "redaction.redactPii" must be a boolean or a list of detectors, got ${describe(redactPii)}; using none`
    );
    return [];
  }
  const wanted = new Set<unknown>(redactPii);
  for (const name of wanted) {
    if (!(DETECTOR_ORDER as readonly unknown[]).includes(name)) {
      diag.warn(
        `option "redaction.redactPii" names an unknown detector ${describe(name)}; ignored (known: ${DETECTOR_ORDER.join(', ')})`
      );
    }
  }
  // Built-in order, not the user's: token shapes must run before the number detectors.
  return DETECTOR_ORDER.filter((name) => wanted.has(name));
}

function compilePatterns(patterns: unknown): Detector[] {
  if (patterns === undefined) return [];
  if (!Array.isArray(patterns)) {
    diag.warn(`option "redaction.patterns" must be an array of RegExp, got ${describe(patterns)}; ignored`);
    return [];
  }
  const out: Detector[] = [];
  patterns.forEach((p: unknown, i) => {
    if (!(p instanceof RegExp)) {
      diag.warn(`option "redaction.patterns[${i}]" must be a RegExp, got ${describe(p)}; ignored`);
      return;
    }
    // Our own copy, global, so the user's lastIndex is never touched and every match is masked.
    const regex = new RegExp(p.source, p.flags.includes('g') ? p.flags : p.flags + 'g');
    out.push({ name: 'custom', regex, hint: ALWAYS });
  });
  return out;
}

// Shorter "secrets" would mask ordinary words; no real API key is this short.
const MIN_SECRET_LENGTH = 8;

/** Replaces every occurrence of the literal secrets, longest first, without a RegExp. */
function scanSecrets(secrets: readonly string[]): NonNullable<Detector['scan']> {
  return (text, replace) => {
    let out = text;
    for (const secret of secrets) {
      let at = out.indexOf(secret);
      if (at === -1) continue;
      let next = '';
      let last = 0;
      for (; at !== -1; at = out.indexOf(secret, at + secret.length)) {
        next += out.slice(last, at) + replace(secret, at);
        last = at + secret.length;
      }
      out = next + out.slice(last);
    }
    return out;
  };
}

/**
 * The rule that masks the configured credentials (the API key) wherever they appear,
 * always with the default mask: on whatever the `redaction` options say.
 */
export function secretRule(secrets: readonly (string | undefined)[]): Detector | undefined {
  const list = [...new Set(secrets)]
    .filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  if (list.length === 0) return undefined;
  return {
    name: 'apiKey',
    scan: scanSecrets(list),
    hint: (t) => list.some((s) => t.includes(s)),
    maxMatch: list[0]!.length,
    fixedMask: true,
    secrets: list,
  };
}

/**
 * The detectors `options` asks for, compiled once: the configured secrets first (always),
 * then built-ins in their fixed order, then custom patterns.
 */
export function compileRules(
  options: RedactionOptions,
  secrets: readonly (string | undefined)[] = []
): readonly Detector[] {
  const rules: Detector[] = [];
  const secret = secretRule(secrets);
  if (secret !== undefined) rules.push(secret);
  for (const name of pickDetectors(options.redactPii)) rules.push(...BUILT_IN_DETECTORS[name]);
  rules.push(...compilePatterns(options.patterns));
  return rules;
}

/** The user's mask function, or undefined (with a warning) when it is not a function. */
export function pickMask(mask: unknown): RedactionOptions['mask'] {
  if (mask === undefined || typeof mask === 'function') return mask as RedactionOptions['mask'];
  diag.warn(`option "redaction.mask" must be a function, got ${describe(mask)}; using the default mask`);
  return undefined;
}

/** Attribute-key matchers: exact names in a Set, RegExps in a list. */
export interface KeyMatcher {
  readonly exact: ReadonlySet<string>;
  readonly patterns: readonly RegExp[];
}

export function compileKeys(keys: unknown): KeyMatcher | undefined {
  if (keys === undefined) return undefined;
  if (!Array.isArray(keys)) {
    diag.warn(`option "redaction.keys" must be an array of strings or RegExp, got ${describe(keys)}; ignored`);
    return undefined;
  }
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  keys.forEach((k: unknown, i) => {
    if (typeof k === 'string') exact.add(k);
    else if (k instanceof RegExp) patterns.push(new RegExp(k.source, k.flags.replace(/[gy]/g, '')));
    else diag.warn(`option "redaction.keys[${i}]" must be a string or a RegExp, got ${describe(k)}; ignored`);
  });
  return exact.size === 0 && patterns.length === 0 ? undefined : { exact, patterns };
}
