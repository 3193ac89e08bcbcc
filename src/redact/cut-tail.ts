import { TRUNCATION_MARKER } from '../internal/safe-stringify.js';

/**
 * A value cut by a length limit before it reached the redactor (`maxAttributeLength` when
 * the attribute was set, a capture limit) may end in the first half of a secret:
 * `…mail jane.doe@e…[truncated]` matches no detector, yet leaks. The cut must never expose
 * a partial secret, so the last, partial word before the marker goes too.
 */

// The longest partial token removed: the longest built-in match (a JWT) is about this long.
const MAX_TAIL = 16_400;

// Where a word ends: whitespace, quotes, brackets and separators.
function isBoundary(c: number): boolean {
  return (
    c <= 32 ||
    c === 34 ||
    c === 39 ||
    c === 44 ||
    c === 59 ||
    c === 60 ||
    c === 62 ||
    c === 91 ||
    c === 93 ||
    c === 123 ||
    c === 125
  );
}

// What a card or phone number is made of: digits, spaces, dashes, dots, brackets, plus.
function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 32 || c === 45 || c === 46 || c === 40 || c === 41 || c === 43;
}

function isNumberRun(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isNumberChar(text.charCodeAt(i))) return false;
  return true;
}

/** Where the kept text ends: before the partial word, and before a cut number's earlier groups. */
function wordTailStart(body: string): number {
  const floor = Math.max(0, body.length - MAX_TAIL);
  let i = body.length;
  while (i > floor && !isBoundary(body.charCodeAt(i - 1))) i--;
  // `4111 1111 1111 11`: the partial word is `11`; the groups before it are the same number.
  if (isNumberRun(body, i, body.length)) while (i > floor && isNumberChar(body.charCodeAt(i - 1))) i--;
  return i;
}

/** Where the kept text ends when only the configured secrets are masked: before a cut secret's prefix. */
function secretTailStart(body: string, secrets: readonly string[]): number {
  for (const secret of secrets) {
    for (let k = Math.min(secret.length - 1, body.length); k >= 4; k--) {
      if (body.endsWith(secret.slice(0, k))) return body.length - k;
    }
  }
  return body.length;
}

/**
 * Removes a partial secret before the truncation marker of a cut value; `text` itself when
 * it was not cut or ends cleanly. With `wholeWord` the last partial word goes (any detector
 * may have matched it); otherwise only a prefix of one of `secrets`.
 */
export function dropCutTail(text: string, wholeWord: boolean, secrets: readonly string[]): string {
  if (!text.endsWith(TRUNCATION_MARKER)) return text;
  const body = text.slice(0, text.length - TRUNCATION_MARKER.length);
  const end = wholeWord ? wordTailStart(body) : secretTailStart(body, secrets);
  return end === body.length ? text : body.slice(0, end) + TRUNCATION_MARKER;
}

/**
 * `dropCutTail` for the head of a cut value (its text before the marker) when only the
 * configured secrets are masked: the head without a cut secret's prefix at its end.
 */
export function dropSecretTail(head: string, secrets: readonly string[]): string {
  const end = secretTailStart(head, secrets);
  return end === head.length ? head : head.slice(0, end);
}
