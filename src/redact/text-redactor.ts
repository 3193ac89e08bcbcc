import { reportInternalError } from '../diag/internal-errors.js';
import { TRUNCATION_MARKER } from '../internal/safe-stringify.js';
import { dropCutTail, dropSecretTail } from './cut-tail.js';
import type { Detector } from './detectors.js';
import { nextCut, SLICE_CHARS } from './slice-text.js';
import type { RedactionOptions } from './types.js';

/**
 * Masks what the rules find in one string. Returns the text (the same string when
 * nothing matched) or `undefined` when the user's mask function threw: the caller
 * then drops the field, because a half-masked value could still leak.
 * `steps` does the same a slice at a time, pausing (a generator `yield`) between the
 * slices of a long string, so the export can give the event loop a turn.
 */
export interface TextRedactor {
  (text: string): string | undefined;
  steps(text: string): Generator<void, string | undefined, void>;
  /**
   * For a cut value (head + truncation marker): the redacted head, so that `head + marker` is
   * what the redactor returns for the whole value. Only on redactors that mask nothing but the
   * configured secrets, for which the marker can take no part in a match (see `createTextRedactor`).
   */
  cutHead?(head: string): string | undefined;
}

/** The default mask: says what was removed, keeps nothing of it. */
export function defaultMask(_match: string, detector: string): string {
  return `[REDACTED:${detector}]`;
}

/**
 * Applies a mask, turning a throw into a recorded failure. Shared with key masking
 * so every use of the user's function has the same "drop, never leak" rule.
 */
export function makeMasker(mask: RedactionOptions['mask']): {
  apply(match: string, detector: string): string;
  failed: boolean;
} {
  const state = {
    failed: false,
    apply(match: string, detector: string): string {
      if (mask === undefined) return defaultMask(match, detector);
      try {
        return String(mask(match, detector));
      } catch (error) {
        state.failed = true;
        reportInternalError('redaction.mask', error);
        return '';
      }
    },
  };
  return state;
}

/** The secrets of the rules that mask them (the configured API key), for cut values. */
function secretsOf(rules: readonly Detector[]): string[] {
  return rules.flatMap((rule) => rule.secrets ?? []);
}

/** Builds the redactor once; undefined when there are no rules (nothing to scan for). */
export function createTextRedactor(
  rules: readonly Detector[],
  mask: RedactionOptions['mask']
): TextRedactor | undefined {
  if (rules.length === 0) return undefined;
  const masker = makeMasker(mask);
  // One replacer per rule, made here, so a call allocates only when something matches.
  const replacers = rules.map((rule) => (match: string, group1?: unknown): string => {
    if (match === '') return match;
    const prefix = rule.keepPrefix === true && typeof group1 === 'string' ? group1 : '';
    const secret = prefix === '' ? match : match.slice(prefix.length);
    if (rule.accept !== undefined && !rule.accept(secret)) return match;
    // The API key is masked in full whatever the user's mask would keep of it.
    return prefix + (rule.fixedMask === true ? defaultMask(secret, rule.name) : masker.apply(secret, rule.name));
  });
  // Only the configured secrets: a cut value loses just a secret's prefix, not its last word.
  const wholeWord = rules.some((rule) => rule.secrets === undefined);
  const secrets = secretsOf(rules);

  const scan = (text: string): string | undefined => {
    masker.failed = false;
    let out = text;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      if (!rule.hint(out)) continue;
      const replacer = replacers[i]!;
      out = rule.regex !== undefined ? out.replace(rule.regex, replacer) : rule.scan!(out, replacer);
      if (masker.failed) return undefined;
    }
    return out;
  };

  const redact = ((text: string) => scan(dropCutTail(text, wholeWord, secrets))) as TextRedactor;
  // The secrets are literals: a match overlapping the marker would hold its '…' (starting in the
  // head) or lie inside it, and no secret does either here; so the marker may be left out.
  const markerFree = secrets.every((s) => !s.includes('…') && !TRUNCATION_MARKER.includes(s));
  if (!wholeWord && markerFree) redact.cutHead = (head) => scan(dropSecretTail(head, secrets));
  redact.steps = function* (text) {
    if (text.length <= SLICE_CHARS * 1.25) return redact(text);
    const whole = dropCutTail(text, wholeWord, secrets);
    const parts: string[] = [];
    let changed = whole !== text;
    for (let start = 0; start < whole.length;) {
      const end = nextCut(whole, start, rules);
      const slice = whole.slice(start, end);
      const out = scan(slice);
      if (out === undefined) return undefined;
      changed ||= out !== slice;
      parts.push(out);
      start = end;
      if (start < whole.length) yield;
    }
    return changed ? parts.join('') : text;
  };
  return redact;
}
