/**
 * What a GenAI instrumentation records of prompts and completions: the global capture
 * options from `init()`, overridden per instrumentation, with PII redaction compiled once.
 */
import type { ResolvedCapture } from '../../api/options.js';
import { DeferredAttribute } from '../../core/attributes.js';
import { warnOnce } from '../../diag/diag.js';
import { warnUnknownKeys, type OptionSchema } from '../../internal/option-schema.js';
import { readBoolean, readNumber } from '../../internal/validate.js';
import {
  safeStringify,
  truncate,
  truncatedHead,
  TRUNCATION_MARKER,
  uncutStringify,
} from '../../internal/safe-stringify.js';
import { compileRules } from '../../redact/compile-rules.js';
import { createTextRedactor, type TextRedactor } from '../../redact/text-redactor.js';
import type { PiiDetector } from '../../redact/types.js';

/** Per-instrumentation capture settings; unset fields follow `init({ capture })`. */
export interface GenAICaptureConfig {
  /** Record prompts/messages (default: `capture.inputs`, true). */
  readonly captureInputs?: boolean;
  /** Record completions/outputs (default: `capture.outputs`, true). */
  readonly captureOutputs?: boolean;
  /** Longest input text kept, in characters (default: `capture.maxInputLength`). */
  readonly maxInputLength?: number;
  /** Longest output text kept, in characters (default: `capture.maxOutputLength`). */
  readonly maxOutputLength?: number;
  /** Mask PII in captured inputs and outputs: true for every detector, or a list. */
  readonly redactPii?: boolean | readonly PiiDetector[];
  /**
   * Framework integrations (LangChain, LangGraph): a span for every chain/runnable run (prompt
   * templates, parsers, sequences, graph nodes). Default true; false keeps only the model, tool
   * and retriever spans, nested under the caller's span.
   */
  readonly traceChains?: boolean;
}

/** Every key of `GenAICaptureConfig`; the compiler holds it to the type. */
export const CAPTURE_CONFIG_SCHEMA = {
  captureInputs: true,
  captureOutputs: true,
  maxInputLength: true,
  maxOutputLength: true,
  redactPii: true,
  traceChains: true,
} as const satisfies OptionSchema<GenAICaptureConfig>;

// A traced client may be built per request: the same mistake is reported once, not per client.
function warnInstrumentation(message: string): void {
  warnOnce(message, message);
}

/** A `GenAICaptureConfig` after validation, with its redactor compiled. */
export interface PreparedCaptureConfig {
  readonly config: GenAICaptureConfig;
  readonly redact: TextRedactor | undefined;
}

/** The settings in force for one call. */
export interface CallCapture {
  readonly inputs: boolean;
  readonly outputs: boolean;
  readonly maxInputLength: number;
  readonly maxOutputLength: number;
  readonly redact: TextRedactor | undefined;
}

const USE_INIT = 'the init() capture setting';

function checkLength(name: string, value: unknown): number | undefined {
  const rule = { fallback: undefined, fallbackText: USE_INIT, min: 0, outOfRange: 'fallback' as const };
  const n = readNumber(`config.${name}`, value, rule, warnInstrumentation);
  return n === undefined ? undefined : Math.floor(n);
}

function checkBool(name: string, value: unknown): boolean | undefined {
  return readBoolean(`config.${name}`, value, { fallback: undefined, fallbackText: USE_INIT }, warnInstrumentation);
}

/** Validates `config` once (bad values warn and fall back) and compiles its redaction rules. */
export function prepareCaptureConfig(config: GenAICaptureConfig | undefined): PreparedCaptureConfig {
  const c = config ?? {};
  warnUnknownKeys('instrumentation config', c, CAPTURE_CONFIG_SCHEMA, warnInstrumentation);
  const clean: { -readonly [K in keyof GenAICaptureConfig]: GenAICaptureConfig[K] } = {};
  const inputs = checkBool('captureInputs', c.captureInputs);
  const outputs = checkBool('captureOutputs', c.captureOutputs);
  const maxIn = checkLength('maxInputLength', c.maxInputLength);
  const maxOut = checkLength('maxOutputLength', c.maxOutputLength);
  if (inputs !== undefined) clean.captureInputs = inputs;
  if (outputs !== undefined) clean.captureOutputs = outputs;
  if (maxIn !== undefined) clean.maxInputLength = maxIn;
  if (maxOut !== undefined) clean.maxOutputLength = maxOut;
  if (c.redactPii !== undefined) clean.redactPii = c.redactPii;
  const traceChains = readBoolean(
    'config.traceChains',
    c.traceChains,
    { fallback: undefined, fallbackText: 'true' },
    warnInstrumentation
  );
  if (traceChains !== undefined) clean.traceChains = traceChains;
  const redact = c.redactPii ? createTextRedactor(compileRules({ redactPii: c.redactPii }), undefined) : undefined;
  return { config: clean, redact };
}

/** Merges prepared per-instrumentation settings over the client's capture options. */
export function resolveCallCapture(prepared: PreparedCaptureConfig, global: ResolvedCapture): CallCapture {
  const c = prepared.config;
  return {
    inputs: c.captureInputs ?? global.inputs,
    outputs: c.captureOutputs ?? global.outputs,
    maxInputLength: c.maxInputLength ?? global.maxInputLength,
    maxOutputLength: c.maxOutputLength ?? global.maxOutputLength,
    redact: prepared.redact,
  };
}

// Slack so that a secret straddling the cut is still recognised before truncation.
const REDACT_SLACK = 256;

/**
 * Text for a captured value: strings as they are, anything else as JSON; redacted, then cut to
 * `maxLength`. Returns undefined when the redactor asks for the field to be dropped.
 */
export function captureText(value: unknown, maxLength: number, redact: TextRedactor | undefined): string | undefined {
  const text = uncutCapture(value, maxLength, redact);
  return text === undefined ? undefined : truncate(text, maxLength);
}

/** `captureText` before its last cut to `maxLength`. */
function uncutCapture(value: unknown, maxLength: number, redact: TextRedactor | undefined): string | undefined {
  if (typeof value !== 'string' && redact === undefined) {
    // The JSON is cut to `maxLength` next, so the marker of its cut to the budget (which is
    // longer) would be cut off again: leaving it out gives the same text, kept one-byte.
    return uncutStringify(value, maxLength + REDACT_SLACK).text;
  }
  const raw = typeof value === 'string' ? value : safeStringify(value, maxLength + REDACT_SLACK);
  if (redact === undefined) return raw;
  return redact(raw.length > maxLength + REDACT_SLACK ? raw.slice(0, maxLength + REDACT_SLACK) : raw);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The first `n` characters of `text` as a string of its own. `slice` makes a view that keeps the
 * whole parent alive, so a 20 KB cut of a 100 KB response held until export kept 100 KB in the
 * young generation per call; `join` of two non-empty parts copies the characters into a fresh
 * string (with an empty part V8 returns the other part, the view, as it is).
 */
function ownPrefix(text: string, n: number): string {
  if (n < 2) return text.slice(0, n);
  return [text.slice(0, n - 1), text.slice(n - 1, n)].join('');
}

/**
 * A captured string cut to its limit: the head is a copy that does not keep the whole string
 * alive. The marker is appended when the value is read, not copied with the head: its '…'
 * would widen an ASCII cut to two bytes a character, doubling what is held, and export writes
 * the head apart from the marker (see `cutHead`).
 */
class CutText extends DeferredAttribute {
  constructor(private readonly _head: string) {
    super();
  }

  resolve(): string {
    return this._head + TRUNCATION_MARKER;
  }

  override cutHead(): string {
    return this._head;
  }

  sizeHint(): number {
    return this._head.length + TRUNCATION_MARKER.length;
  }
}

/** `truncate(text, maxLength)`, with a cut result that does not keep `text` alive. */
function truncateOwn(text: string, maxLength: number): string | CutText {
  const head = truncatedHead(text, maxLength);
  return head === undefined ? text : new CutText(ownPrefix(text, head.length));
}

/**
 * A string no longer than `keep` characters, kept as it is when it fits. Export reads at most
 * `keep` characters of any captured string (see `captureText` and `stringLiteral`), so the rest is
 * never sent and need not be held until then.
 */
function bounded(value: unknown, keep: number): unknown {
  return typeof value === 'string' && value.length > keep ? ownPrefix(value, keep) : value;
}

/**
 * What a capture of at most `maxLength` characters will ever read of `value`: a longer string is
 * cut to an own copy (`deferCapture` of the cut gives the same result as of the whole), anything
 * else is returned as it is. An integration that holds a value until the call ends (the AI SDK's
 * 100 KB JSON prompt) keeps the cut, not the whole, through the collections on the way.
 */
export function heldForCapture(value: unknown, maxLength: number): unknown {
  // The same bound as `deferCapture`'s snapshot (two more than the serialiser's budget).
  return bounded(value, maxLength + REDACT_SLACK + 2);
}

function copyItem(item: unknown, keep: number): unknown {
  if (!isPlainObject(item)) return bounded(item, keep);
  const copy = { ...item };
  if (typeof copy.content === 'string') copy.content = bounded(copy.content, keep);
  return copy;
}

/**
 * A copy that later changes by the caller cannot reach: the array and each plain message
 * object are copied one level deep (apps push replies onto the same `messages` array and
 * reuse it). Long strings at that depth (a 100 KB prompt) are cut to what export can read.
 */
function snapshot(value: unknown, keep: number): unknown {
  if (!Array.isArray(value)) return copyItem(value, keep);
  const copy = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) copy[i] = copyItem(value[i], keep);
  return copy;
}

/**
 * About how many characters the snapshot keeps alive until export (a cheap walk, one level
 * deep): the queue's byte bound and early batches count memory held, which the snapshot's cuts
 * keep close to what will be sent.
 */
function estimateChars(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (!Array.isArray(value)) return 1000;
  let n = 2;
  for (const item of value) {
    const content = (item as { content?: unknown } | null)?.content;
    n += typeof item === 'string' ? item.length + 3 : typeof content === 'string' ? content.length + 40 : 200;
  }
  return n;
}

/** A captured prompt or completion: serialised, redacted and cut when the span is exported. */
class CapturedText extends DeferredAttribute {
  private readonly _size: number;

  constructor(
    private readonly _value: unknown,
    private readonly _maxLength: number,
    private readonly _redact: TextRedactor | undefined
  ) {
    super();
    this._size = estimateChars(_value) + TRUNCATION_MARKER.length;
  }

  private _head: string | undefined = undefined;

  resolve(): string | undefined {
    const text = uncutCapture(this._value, this._maxLength, this._redact);
    if (text === undefined) return undefined;
    this._head = truncatedHead(text, this._maxLength);
    return this._head === undefined ? text : this._head + TRUNCATION_MARKER;
  }

  override cutHead(): string | undefined {
    return this._head;
  }

  sizeHint(): number {
    return this._size;
  }
}

/**
 * What an instrumentation stores for a captured value: a string that needs no work is cut and
 * stored as it is; anything that needs serialising or redacting is snapshotted now and worked
 * out at export (see `DeferredAttribute`), so the caller's path stays short whatever its size.
 */
export function deferCapture(
  value: unknown,
  maxLength: number,
  redact: TextRedactor | undefined
): string | DeferredAttribute | undefined {
  if (typeof value === 'string' && redact === undefined) return truncateOwn(value, maxLength);
  try {
    // Two more than the serialiser's budget: the most of one string it ever reads.
    return new CapturedText(snapshot(value, maxLength + REDACT_SLACK + 2), maxLength, redact);
  } catch {
    // A value that cannot be copied (a hostile proxy): capture it now instead.
    return captureText(value, maxLength, redact);
  }
}
