import { ATTR_LLM_INPUT_TOKENS, ATTR_LLM_OUTPUT_TOKENS, ATTR_LLM_TOTAL_TOKENS } from '../core/semconv.js';
import type { Span } from '../core/types.js';
import { toText } from '../core/attributes.js';
import { diag } from '../diag/diag.js';
import { incrementCounter, reportInternalError } from '../diag/internal-errors.js';
import { getClient } from './client.js';
import { isNativePromise } from './run-in-span.js';
import { readTokenUsage } from './token-usage.js';
import { traceWithSpec } from './scoped.js';
import { llmSpec, operationSpec, type LLMSpanOptions, type SpanSpec } from './span-specs.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFunction = (this: any, ...args: any[]) => any;

/** Options of `traceLLMCall`. */
export type LLMCallOptions = LLMSpanOptions;

function copyShape(target: AnyFunction, source: AnyFunction): void {
  try {
    Object.defineProperty(target, 'name', { value: source.name, configurable: true });
    Object.defineProperty(target, 'length', { value: source.length, configurable: true });
  } catch {
    // Cosmetic only.
  }
}

function notAFunction<F>(api: string, value: F): F {
  incrementCounter('misuseWarnings');
  diag.warn(`${api}: expected a function, got ${typeof value}; returned it untraced`);
  return value;
}

/**
 * Builds a wrapper that runs `fn` in a span from `makeSpec` on every call, with the
 * same `this` and arguments; `observe` may read the result before the span ends.
 */
function wrapFunction<F extends AnyFunction>(
  fn: F,
  makeSpec: () => SpanSpec,
  observe?: (span: Span, result: unknown) => void
): F {
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    if (new.target !== undefined) return Reflect.construct(fn, args, new.target) as unknown;
    if (!getClient().isEnabled) return fn.apply(this, args);
    let spec: SpanSpec;
    try {
      spec = makeSpec();
    } catch (error) {
      reportInternalError('wrapFunction', error);
      return fn.apply(this, args);
    }
    return traceWithSpec(spec, (span) => {
      const result: unknown = fn.apply(this, args);
      if (observe !== undefined) observe(span, result);
      return result;
    });
  };
  copyShape(wrapper, fn);
  return wrapper as F;
}

/**
 * Returns a traced version of a function you cannot edit (a library's, a legacy
 * module's): each call is one span named `spanName` (default: the function's name).
 * The wrapper keeps `this`, arguments, `name` and `length`; a sync function stays sync
 * and an async one returns the same promise. Errors are recorded and rethrown unchanged.
 *
 * @example
 * ```ts
 * import { parse } from 'legacy-parser';
 * const tracedParse = traceExistingFunction(parse, 'parse_document', { 'doc.format': 'pdf' });
 * const doc = tracedParse(buffer);
 * ```
 */
export function traceExistingFunction<F extends AnyFunction>(
  fn: F,
  spanName?: string,
  attributes?: Readonly<Record<string, unknown>>
): F {
  if (typeof fn !== 'function') return notAFunction('traceExistingFunction', fn);
  const name = spanName === undefined ? functionName(fn) : toText(spanName);
  const options = attributes === undefined ? undefined : { attributes };
  return wrapFunction(fn, () => operationSpec(name, options));
}

/** A function's name for its span; a revoked proxy or a throwing `name` getter gives "anonymous". */
function functionName(fn: AnyFunction): string {
  try {
    const name: unknown = fn.name;
    return typeof name === 'string' && name !== '' ? name : 'anonymous';
  } catch {
    return 'anonymous';
  }
}

/**
 * Reads token usage from an LLM response: OpenAI chat (`usage.prompt_tokens`,
 * `completion_tokens`, `total_tokens`) and Anthropic / OpenAI Responses
 * (`usage.input_tokens`, `output_tokens`; Anthropic's input counts its cache reads and writes).
 * Returns `llm.*` attributes, or undefined.
 */
export function extractTokenUsage(result: unknown): Record<string, number> | undefined {
  try {
    return usageAttributesOf(result);
  } catch {
    return undefined; // a revoked proxy or a throwing getter: no usage to read
  }
}

function usageAttributesOf(result: unknown): Record<string, number> | undefined {
  if (result === null || typeof result !== 'object') return undefined;
  const usage = readTokenUsage((result as { usage?: unknown }).usage);
  if (usage === undefined) return undefined;
  const total =
    usage.total ?? (usage.input !== undefined && usage.output !== undefined ? usage.input + usage.output : undefined);
  const out: Record<string, number> = {};
  if (usage.input !== undefined) out[ATTR_LLM_INPUT_TOKENS] = usage.input;
  if (usage.output !== undefined) out[ATTR_LLM_OUTPUT_TOKENS] = usage.output;
  if (total !== undefined) out[ATTR_LLM_TOTAL_TOKENS] = total;
  return Object.keys(out).length > 0 ? out : undefined;
}

function recordUsage(span: Span, value: unknown): void {
  try {
    const usage = extractTokenUsage(value);
    if (usage !== undefined && !span.isEnded()) span.setAttributes(usage);
  } catch (error) {
    reportInternalError('traceLLMCall.usage', error);
  }
}

/** Records usage from `result`; for a promise, on a side chain registered before the span's own end handler. */
function observeUsage(span: Span, result: unknown): void {
  try {
    // Another thenable (a query builder) may run its work again on `then`: its usage is not read.
    if (!isNativePromise(result)) return recordUsage(span, result);
    const then = result.then;
    // Registered before runInSpan's handler, so usage lands before the span ends; rejections are runInSpan's to record.
    void then.call(
      result,
      (value: unknown) => recordUsage(span, value),
      () => undefined
    );
  } catch (error) {
    reportInternalError('traceLLMCall.observe', error);
  }
}

/**
 * Returns a traced version of an LLM-calling function: each call is an LLM span
 * (`llm.model`, `llm.provider`) and the token usage of its result, or of the value its
 * promise resolves to, is recorded as `llm.input_tokens`, `llm.output_tokens` and
 * `llm.total_tokens` (OpenAI and Anthropic usage shapes). The result is returned as is.
 *
 * @example
 * ```ts
 * const ask = traceLLMCall(
 *   (prompt: string) => openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] }),
 *   { model: 'gpt-4o', provider: 'openai' }
 * );
 * const res = await ask('Hello'); // span llm.gpt-4o with llm.total_tokens
 * ```
 */
export function traceLLMCall<F extends AnyFunction>(fn: F, options: LLMCallOptions = {}): F {
  if (typeof fn !== 'function') return notAFunction('traceLLMCall', fn);
  const o: LLMCallOptions = options !== null && typeof options === 'object' ? options : {};
  return wrapFunction(fn, () => llmSpec(o), observeUsage);
}
