import { replaceIPv6 } from './ipv6-scan.js';
import type { PiiDetector } from './types.js';

/**
 * The built-in detectors. Each is a global RegExp compiled once, a cheap hint that
 * skips the RegExp for text that cannot match, and an optional check on each
 * candidate (Luhn for cards, digit counts for phones). Every repetition is bounded so
 * a long run of word characters costs linear time, never quadratic.
 */
export interface Detector {
  readonly name: string;
  /** A global RegExp whose matches are candidates. */
  readonly regex?: RegExp;
  /** Instead of `regex`: a hand-written scanner that calls `replace` for each candidate, with its offset. */
  readonly scan?: (text: string, replace: (match: string, offset: number) => string) => string;
  /** False when the text cannot contain a match; must be much cheaper than the RegExp. */
  readonly hint: (text: string) => boolean;
  /** With `keepPrefix`, capture group 1 is kept as is and only the rest is masked ("Bearer ", "api_key="). */
  readonly keepPrefix?: boolean;
  /** Rejects candidates that look right but are not (a card number failing Luhn). */
  readonly accept?: (candidate: string) => boolean;
  /** The longest text one match can span: how far apart two slices of a long string must be checked. */
  readonly maxMatch?: number;
  /** Always masked with the default mask, whatever `redaction.mask` does (the configured API key). */
  readonly fixedMask?: boolean;
  /** The literal values this rule masks (the configured API key): a cut value loses their prefix. */
  readonly secrets?: readonly string[];
}

/*
 * Captured messages and object attributes are JSON text, where a newline is the two
 * characters `\n`: its letter would otherwise glue to the next token and defeat the
 * "not preceded by a word character" look-behinds. A token may start right after an
 * escape, and never on an escape's letter or inside `\uXXXX` (a mask never splits an
 * escape, so the JSON stays valid). Each rule starts with one negative look-behind, as
 * before, which keeps V8's fast scan for a literal start (`sk-`, `eyJ`).
 */
// Kept this plain (no check for an escaped backslash before) because V8 evaluates it inside
// every word: the nested form doubled the cost of the email rule.
const NOT_ESCAPE_END = String.raw`(?<!\\[nrtbf]|\\u[0-9A-Fa-f]{4})`;
const NOT_IN_ESCAPE = String.raw`(?!(?<=\\)[nrtbfu])(?<!\\u[0-9A-Fa-f]{0,3})`;

/** Not after one of `chars` (a character class), unless that character ends a JSON escape. */
function notAfter(chars: string): string {
  return `(?<!${chars}${NOT_ESCAPE_END})`;
}

const ALWAYS = (): boolean => true;
const HAS_DIGIT = /\d/;
const hasDigit = (text: string): boolean => HAS_DIGIT.test(text);

/** The Luhn checksum over the digits of `text`, ignoring spaces and dashes. */
export function passesLuhn(text: string): boolean {
  let sum = 0;
  let digits = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) continue;
    sum += digits % 2 === 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
    digits++;
  }
  return digits >= 13 && digits <= 19 && sum % 10 === 0;
}

function countDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

const GENERIC_KEY_NAMES =
  '(?:api[_-]?key|apikey|x-api-key|access[_-]?token|refresh[_-]?token|auth[_-]?token|token|secret|client[_-]?secret|(?:aws[_-]?)?secret[_-]?access[_-]?key|password|passwd|pwd)';

// Key names before a secret; the quotes may be JSON-escaped (`\"password\": \"...\"`).
const KEY_VALUE_PREFIX = String.raw`${GENERIC_KEY_NAMES}(?:\\?["'])?\s{0,8}[:=]\s{0,8}(?:\\?["'])?`;
// A secret value ends at a space, quote or separator, and at a JSON escape other than `\\`,
// `\/` and `\uXXXX`, so a mask never swallows half of an escape and the JSON stays valid.
const SECRET_VALUE = String.raw`(?:[^\s"',;&}\]\\]|\\[\\/]|\\u[0-9A-Fa-f]{4}){6,4096}`;

/** In the order they run: specific token shapes first, so "Bearer sk-..." is one mask, then numbers. */
export const BUILT_IN_DETECTORS: Readonly<Record<PiiDetector, readonly Detector[]>> = {
  bearerToken: [
    {
      name: 'bearerToken',
      regex: new RegExp(notAfter('[A-Za-z0-9_]') + String.raw`(Bearer\s+)[A-Za-z0-9._~+/=-]{8,4096}`, 'gi'),
      hint: (t) => t.includes('earer') || t.includes('EARER'),
      keepPrefix: true,
      maxMatch: 4200,
    },
  ],
  jwt: [
    {
      name: 'jwt',
      // After a letter or digit it is part of a longer word; after `_` or `-` (`id_eyJ...`) it is not.
      regex: new RegExp(
        `${notAfter('[A-Za-z0-9]')}eyJ[A-Za-z0-9_-]{5,4096}\\.[A-Za-z0-9_-]{5,8192}\\.[A-Za-z0-9_-]{0,4096}`,
        'g'
      ),
      hint: (t) => t.includes('eyJ'),
      maxMatch: 16_400,
    },
  ],
  apiKey: [
    {
      // OpenAI (sk-, sk-proj-), Anthropic (sk-ant-) and look-alike keys.
      name: 'apiKey',
      regex: new RegExp(`${notAfter('[A-Za-z0-9]')}sk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,512}`, 'g'),
      hint: (t) => t.includes('sk-'),
      maxMatch: 530,
    },
    {
      // key=value, key: value and "key": "value" where the key names a secret.
      name: 'apiKey',
      regex: new RegExp(`(${notAfter('[A-Za-z0-9]')}${KEY_VALUE_PREFIX})${SECRET_VALUE}`, 'gi'),
      hint: (t) => t.includes('=') || t.includes(':'),
      keepPrefix: true,
      maxMatch: 4200,
    },
  ],
  awsKey: [
    {
      name: 'awsKey',
      regex: /(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}(?![A-Z0-9])/g,
      hint: (t) => t.includes('A'),
      maxMatch: 20,
    },
  ],
  email: [
    {
      name: 'email',
      regex: new RegExp(
        `${notAfter('[A-Za-z0-9._%+-]')}${NOT_IN_ESCAPE}[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63}){0,8}\\.[A-Za-z]{2,24}(?![A-Za-z0-9-])`,
        'g'
      ),
      hint: (t) => t.includes('@'),
      maxMatch: 700,
    },
  ],
  creditCard: [
    {
      // 13-19 digits, optionally grouped by spaces or dashes; masked only if Luhn passes.
      // Not inside a longer number (`1234-4111...`), but after a word and a dash (`ref-4111...`).
      name: 'creditCard',
      regex: /(?<!\d)(?<!\d-)(?<!\\u[0-9A-Fa-f]{0,3})\d(?:[ -]?\d){12,18}(?!\d)/g,
      hint: hasDigit,
      accept: passesLuhn,
      maxMatch: 40,
    },
  ],
  ssn: [
    {
      // US SSN as written, ddd-dd-dddd, without the never-issued area numbers.
      name: 'ssn',
      regex: /(?<!\d)(?<!\d-)(?<!\\u[0-9A-Fa-f]{0,3})(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g,
      hint: hasDigit,
      maxMatch: 11,
    },
  ],
  ipAddress: [
    { name: 'ipAddress', scan: replaceIPv6, hint: ALWAYS, maxMatch: 80 },
    {
      name: 'ipAddress',
      regex:
        /(?<![\d.])(?<!\\u[0-9A-Fa-f]{0,3})(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?!\.?\d)/g,
      hint: (t) => t.includes('.'),
      maxMatch: 15,
    },
  ],
  phone: [
    {
      // International: +country code and 7-15 digits in groups; `id_+1...` counts as a start.
      name: 'phone',
      regex: new RegExp(
        `${notAfter('[A-Za-z0-9+]')}(?<![\\d+]_)\\+\\d{1,3}(?:[ .-]?\\(?\\d{1,5}\\)?){1,5}(?!\\d)`,
        'g'
      ),
      hint: (t) => t.includes('+'),
      accept: (candidate) => {
        const n = countDigits(candidate);
        return n >= 8 && n <= 15;
      },
      maxMatch: 40,
    },
    {
      // North American: (555) 123-4567, 555-123-4567, 555.123.4567; after `id_` or `ref-` too.
      name: 'phone',
      regex: new RegExp(
        notAfter('[A-Za-z0-9.]') +
          NOT_IN_ESCAPE +
          String.raw`(?<![\d.][_-])` +
          String.raw`(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w-]|\.\d)`,
        'g'
      ),
      hint: hasDigit,
      maxMatch: 16,
    },
  ],
};

/** Every detector name, in the order they run. */
export const DETECTOR_ORDER: readonly PiiDetector[] = [
  'bearerToken',
  'jwt',
  'apiKey',
  'awsKey',
  'email',
  'creditCard',
  'ssn',
  'ipAddress',
  'phone',
];
