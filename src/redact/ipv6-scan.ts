import type * as Net from 'node:net';
import { lazyBuiltin } from '../internal/builtin.js';

const net = lazyBuiltin<typeof Net>('node:net');

/**
 * Finds IPv6 addresses without a RegExp: a RegExp must try every hex letter as a
 * start, while this jumps from colon to colon with indexOf, widens to the
 * surrounding address characters and lets `net.isIPv6` decide. Linear in the text.
 */

function isAddressChar(c: number): boolean {
  return (c >= 48 && c <= 58) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 46; // 0-9 : a-f A-F .
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function countColons(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 58) n++;
  return n;
}

// The letter of a JSON escape (`\n`, `\t`, ...) at `i`: the address starts after it, as after a space.
function isEscapeLetter(text: string, i: number): boolean {
  return i > 0 && text.charCodeAt(i - 1) === 92 && 'nrtbfu'.includes(text[i]!) && text.charCodeAt(i - 2) !== 92;
}

/** Replaces each IPv6 address (with an optional %zone) by `replace(address, offset)`; returns `text` itself when there is none. */
export function replaceIPv6(text: string, replace: (address: string, offset: number) => string): string {
  let out: string | undefined;
  let last = 0;
  let colon = text.indexOf(':');
  while (colon !== -1) {
    let start = colon;
    while (start > 0 && isAddressChar(text.charCodeAt(start - 1)) && !isEscapeLetter(text, start - 1)) start--;
    let end = colon + 1;
    while (end < text.length && isAddressChar(text.charCodeAt(end))) end++;
    while (end > colon + 1 && text.charCodeAt(end - 1) === 46) end--; // a sentence's full stop
    let zoneEnd = end;
    if (text.charCodeAt(end) === 37) {
      while (zoneEnd + 1 < text.length && isWordChar(text.charCodeAt(zoneEnd + 1))) zoneEnd++;
      zoneEnd = zoneEnd > end ? zoneEnd + 1 : end;
    }
    const before = start - 1;
    const bounded =
      !(before >= 0 && isWordChar(text.charCodeAt(before)) && !isEscapeLetter(text, before)) &&
      !isWordChar(text.charCodeAt(zoneEnd));
    if (bounded && countColons(text, start, end) >= 2 && net().isIPv6(text.slice(start, zoneEnd))) {
      out = (out ?? '') + text.slice(last, start) + replace(text.slice(start, zoneEnd), start);
      last = zoneEnd;
    }
    colon = text.indexOf(':', Math.max(end, colon + 1));
  }
  return out === undefined ? text : out + text.slice(last);
}
