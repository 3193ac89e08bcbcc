import { performance } from 'node:perf_hooks';

const origin = performance.timeOrigin;

/** Epoch milliseconds with sub-millisecond precision, monotonic within the process. */
export function now(): number {
  return origin + performance.now();
}

// The times a span may carry: 2000-01-01 to 2100-01-01. Anything outside is a unit mistake
// (seconds, performance.now()) or garbage, and could not be encoded by every exporter.
const MIN_TIME_MS = 946_684_800_000;
const MAX_TIME_MS = 4_102_444_800_000;

/** Epoch milliseconds from a `TimeInput`, or undefined when it is not a plausible time. Never throws. */
export function toEpochMs(input: unknown): number | undefined {
  let ms = input;
  if (typeof input === 'object' && input !== null) {
    try {
      ms = input instanceof Date ? input.getTime() : undefined;
    } catch {
      return undefined; // a revoked proxy
    }
  }
  // NaN fails both comparisons.
  return typeof ms === 'number' && ms >= MIN_TIME_MS && ms < MAX_TIME_MS ? ms : undefined;
}

/** Clamps what formatting receives, so a hand-made span with a bad time cannot make encoding throw. */
function encodable(epochMs: number): number {
  return epochMs >= 0 && epochMs < MAX_TIME_MS ? epochMs : Number.isFinite(epochMs) && epochMs > 0 ? MAX_TIME_MS : 0;
}

// The date-and-time prefix of the last second formatted: the spans of a batch mostly share
// their seconds, and Date#toISOString is the costly part of formatting a timestamp.
let cachedSecond = Number.NaN;
let cachedPrefix = '';
// The last two times formatted, and their text: a trace's head and its root span carry the same
// start and end times, formatted one after the other.
const lastTimes = [Number.NaN, Number.NaN];
const lastTexts = ['', ''];
let lastSlot = 0;

/** ISO 8601 in UTC with microseconds, as the Noveum API expects. */
export function toIsoString(epochMs: number): string {
  if (epochMs === lastTimes[0]) return lastTexts[0]!;
  if (epochMs === lastTimes[1]) return lastTexts[1]!;
  const text = formatIso(epochMs);
  lastSlot ^= 1;
  lastTimes[lastSlot] = epochMs;
  lastTexts[lastSlot] = text;
  return text;
}

function formatIso(epochMs: number): string {
  if (!(epochMs >= 0 && epochMs < MAX_TIME_MS)) epochMs = encodable(epochMs);
  const whole = Math.floor(epochMs);
  const second = Math.floor(whole / 1000);
  if (second !== cachedSecond) {
    const iso = new Date(second * 1000).toISOString(); // 2026-01-01T00:00:00.000Z
    if (iso.length !== 24) return `${new Date(whole).toISOString().slice(0, -1)}000+00:00`; // years outside 0000–9999
    cachedSecond = second;
    cachedPrefix = iso.slice(0, 20);
  }
  const millis = whole - second * 1000;
  const micros = Math.floor((epochMs - whole) * 1000);
  return `${cachedPrefix}${String(millis * 1000 + micros).padStart(6, '0')}+00:00`;
}

/** Epoch milliseconds as a decimal string of nanoseconds (OTLP's fixed64), without float error. */
export function toUnixNanoString(epochMs: number): string {
  if (!(epochMs >= 0 && epochMs < MAX_TIME_MS)) epochMs = encodable(epochMs);
  const whole = Math.floor(epochMs);
  const nanosInMs = Math.round((epochMs - whole) * 1e6);
  return (BigInt(whole) * 1_000_000n + BigInt(Math.min(nanosInMs, 999_999))).toString();
}
