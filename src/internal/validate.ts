/**
 * Option validation shared by every layer: read a number or a boolean, correcting a bad value
 * with one warning that names the option, the value and the value used, and report keys that
 * no option schema knows. Pure: the caller passes `warn` (this layer sits below `diag`).
 */

/** Receives one warning line. */
export type Warn = (message: string) => void;

/** Describes a bad value in a warning without printing anything long or secret. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  return typeof value;
}

/** How `readNumber` treats a value. */
export interface NumberRule<F extends number | undefined = number> {
  /** Used when the value is missing or not a number. */
  readonly fallback: F;
  /** How the fallback is named in a warning (default: the number itself). */
  readonly fallbackText?: string;
  readonly min: number;
  /** Default: any finite size (Number.MAX_SAFE_INTEGER). */
  readonly max?: number;
  /** Whole numbers only: a fraction is rounded down (with a warning). */
  readonly integer?: boolean;
  /** Accept numeric strings, as environment variables give them. */
  readonly fromString?: boolean;
  /** `clamp` (default) uses the nearest bound; `fallback` uses the fallback. */
  readonly outOfRange?: 'clamp' | 'fallback';
}

function rangeText(rule: NumberRule<number | undefined>): string {
  const what = rule.integer === true ? 'a whole number' : '';
  if (rule.max === undefined) return `${what === '' ? '' : `${what} `}at least ${rule.min}`;
  return `${what === '' ? '' : `${what} `}between ${rule.min} and ${rule.max}`;
}

/** Reads a number per `rule`; anything else warns once, naming the option, and is corrected. */
export function readNumber<F extends number | undefined>(
  option: string,
  value: unknown,
  rule: NumberRule<F>,
  warn: Warn
): number | F {
  if (value === undefined) return rule.fallback;
  const fallbackText = rule.fallbackText ?? String(rule.fallback);
  const n = rule.fromString === true && typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || Number.isNaN(n)) {
    warn(`option "${option}" must be a number, got ${describeValue(value)}; using ${fallbackText}`);
    return rule.fallback;
  }
  // Without a stated maximum, Infinity is still refused: every option here is a count, size or delay.
  const max = rule.max ?? Number.MAX_SAFE_INTEGER;
  const whole = rule.integer === true && Number.isFinite(n) ? Math.floor(n) : n;
  if (n >= rule.min && n <= max && whole === n) return n;
  if (rule.outOfRange === 'fallback') {
    warn(`option "${option}" must be ${rangeText(rule)}, got ${n}; using ${fallbackText}`);
    return rule.fallback;
  }
  const used = Math.min(max, Math.max(rule.min, whole));
  warn(`option "${option}" must be ${rangeText(rule)}, got ${n}; using ${used}`);
  return used;
}

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off', ''];

/** Reads a boolean (and, with `fromString`, words like "yes"/"off"); anything else warns and uses the fallback. */
export function readBoolean<F extends boolean | undefined>(
  option: string,
  value: unknown,
  rule: { readonly fallback: F; readonly fallbackText?: string; readonly fromString?: boolean },
  warn: Warn
): boolean | F {
  if (value === undefined) return rule.fallback;
  if (typeof value === 'boolean') return value;
  if (rule.fromString === true && typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (TRUE_WORDS.includes(v)) return true;
    if (FALSE_WORDS.includes(v)) return false;
  }
  const fallbackText = rule.fallbackText ?? String(rule.fallback);
  warn(`option "${option}" must be a boolean, got ${describeValue(value)}; using ${fallbackText}`);
  return rule.fallback;
}
