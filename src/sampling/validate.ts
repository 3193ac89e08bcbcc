import { diag } from '../diag/diag.js';

/** Describes a bad value in a warning without printing anything long. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  return typeof value;
}

/**
 * Reads a number in [min, max]. A value that is not a number warns once (naming
 * the option, the value and the value used) and falls back; one out of range is clamped.
 * Kept here rather than shared with `api/config.ts` because sampling sits below `api`.
 */
export function checkNumber(option: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    diag.warn(`option "${option}" must be a number, got ${describe(value)}; using ${fallback}`);
    return fallback;
  }
  if (value < min || value > max) {
    const clamped = Math.min(max, Math.max(min, value));
    diag.warn(`option "${option}" must be between ${min} and ${max}, got ${value}; using ${clamped}`);
    return clamped;
  }
  return value;
}
