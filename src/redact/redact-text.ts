import { compileRules, pickMask } from './compile-rules.js';
import { createTextRedactor, type TextRedactor } from './text-redactor.js';
import type { RedactionOptions } from './types.js';

const ALL_PII: RedactionOptions = { redactPii: true };

// Compiled once per options object, so calling redactText in a loop costs the scan only.
const compiled = new WeakMap<RedactionOptions, TextRedactor | null>();

function compile(options: RedactionOptions): TextRedactor | null {
  let redactor = compiled.get(options);
  if (redactor === undefined) {
    redactor = createTextRedactor(compileRules(options), pickMask(options.mask)) ?? null;
    compiled.set(options, redactor);
  }
  return redactor;
}

/**
 * Masks personal data and secrets in a string with the same detectors the SDK applies
 * before export: for text you log or store yourself. Without options every built-in
 * detector runs. Reuse one options object: it is compiled on first use and cached.
 * If your `mask` function throws, the result is `"[REDACTED]"`, never the input.
 *
 * @param text The text to scan.
 * @param options `redactPii`, `patterns` and `mask` as in `init({ redaction })`; `keys` does not apply.
 * @returns The text with each finding replaced by its mask (`[REDACTED:email]` by default).
 *
 * @example
 * ```ts
 * import { redactText } from 'noveum-trace';
 * redactText('mail jane@example.com, card 4111 1111 1111 1111');
 * // 'mail [REDACTED:email], card [REDACTED:creditCard]'
 * ```
 */
export function redactText(text: string, options: RedactionOptions = ALL_PII): string {
  if (typeof text !== 'string') return text;
  const o = options !== null && typeof options === 'object' ? options : ALL_PII;
  let redactor: TextRedactor | null;
  try {
    redactor = compile(o);
  } catch {
    // Options that cannot be read (a revoked proxy, a throwing getter): every built-in detector.
    redactor = compile(ALL_PII);
  }
  if (redactor === null) return text;
  return redactor(text) ?? '[REDACTED]';
}
