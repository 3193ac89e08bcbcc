import type { Detector } from './detectors.js';

/**
 * Long strings (a 5 MB attribute, 20 KB messages by the hundred) are redacted a slice at a
 * time so the export can yield to the event loop in between. A slice ends only where no
 * rule's match crosses: the text around each candidate cut is scanned by every rule, and
 * a cut inside a candidate match moves on. So slicing masks exactly what one pass would.
 */

/** About how many characters one slice holds: one step of every rule over it stays around a ms. */
export const SLICE_CHARS = 32 * 1024;

// For rules without a declared bound (custom patterns): matches longer than this may be cut.
const DEFAULT_MAX_MATCH = 4096;
// Look-behinds and look-aheads read a few characters past a match.
const LOOK_AROUND = 8;
// How far back from the target a whitespace cut is looked for.
const SPACE_SEARCH = 512;
// Candidate cuts tried before the rest is taken as one slice (only text dense with matches).
const MAX_TRIES = 64;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** True when a candidate match of `rule` spans the position `cut` of `text`. */
function crosses(rule: Detector, text: string, cut: number): boolean {
  const reach = (rule.maxMatch ?? DEFAULT_MAX_MATCH) + LOOK_AROUND;
  const from = Math.max(0, cut - reach);
  const window = text.slice(from, Math.min(text.length, cut + reach));
  const at = cut - from;
  if (!rule.hint(window)) return false;
  if (rule.scan !== undefined) {
    let hit = false;
    rule.scan(window, (match, offset) => {
      if (offset < at && offset + match.length > at) hit = true;
      return match;
    });
    return hit;
  }
  const regex = rule.regex!;
  regex.lastIndex = 0;
  try {
    for (let m = regex.exec(window); m !== null && m.index < at; m = regex.exec(window)) {
      if (m[0] === '') regex.lastIndex++;
      else if (m.index + m[0].length > at) return true;
    }
    return false;
  } finally {
    regex.lastIndex = 0;
  }
}

/** A cut near `target`, at a space when there is one, never inside a surrogate pair. */
function candidate(text: string, target: number): number {
  for (let i = target; i > target - SPACE_SEARCH; i--) if (isSpace(text.charCodeAt(i))) return i;
  const c = text.charCodeAt(target - 1);
  return c >= 0xd800 && c <= 0xdbff ? target + 1 : target;
}

/** The end of the slice that starts at `start`: no rule's match crosses it. `text.length` for the last slice. */
export function nextCut(text: string, start: number, rules: readonly Detector[]): number {
  let target = start + SLICE_CHARS;
  for (let tries = 0; tries < MAX_TRIES && target < text.length - SLICE_CHARS / 4; tries++) {
    const cut = candidate(text, target);
    if (cut > start && !rules.some((rule) => crosses(rule, text, cut))) return cut;
    target += SLICE_CHARS / 8;
  }
  return text.length;
}
