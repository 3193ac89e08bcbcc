/**
 * A noveum-backed tracer with the OpenTelemetry `Tracer` shape the AI SDK calls
 * (`experimental_telemetry.tracer`): each AI SDK span becomes one of ours, its `ai.*` attributes
 * mapped when it ends. `@opentelemetry/api` is never imported: the SDK only calls the methods.
 *
 * Parenting: the SDK wraps its work in `tracer.startActiveSpan(name, opts, fn)` and then enters
 * `context.active()` of OpenTelemetry, which without a context manager is the empty root. Our
 * context is the source of truth: `startActiveSpan` runs `fn` with the new span active in our
 * context, so the SDK's nested spans (steps, tool calls) and the caller's `traceOperation` nest.
 *
 * One LLM span per model call: an operation started right inside the app's `traceLLM` scope
 * (its unclaimed LLM owner, context/llm-owner) opens no span of its own; its first model step
 * writes onto the scope's span, and later steps and tool calls nest under that span. The
 * operation holds the scope's end until it ends, as a provider's stream does.
 */
import { getClient } from '../../api/client.js';
import { getSpan, isTracingSuppressed, setSpan } from '../../context/active-span.js';
import { getActiveContext, withContext } from '../../context/context-manager.js';
import type { Context } from '../../context/context.js';
import { claimLlmOwner, releaseLlmOwner, type LlmOwner } from '../../context/llm-owner.js';
import { withOtelActiveSpan } from '../../context/otel-bridge.js';
import { reportInternalError } from '../../diag/internal-errors.js';
import { prepareCaptureConfig, type PreparedCaptureConfig } from '../genai/capture.js';
import type { AttributeBag } from '../genai/usage.js';
import { aiSpanOf, NOOP_SPAN, NoveumAISpan, type LentScope, type SpanHost } from './span.js';
import { spanName, spanRole, type SpanRole } from './utils.js';

// The operations whose end waits for the caller to read a stream (which it may never finish).
const STREAMING = new Set(['ai.streamText', 'ai.streamObject']);

type SpanCallback = (span: unknown) => unknown;

/** Splits `startActiveSpan(name, [options, [context,]] fn)` into options and callback. */
function splitArgs(args: readonly unknown[]): { options: { attributes?: unknown } | undefined; fn: SpanCallback } {
  const fn = args.at(-1) as SpanCallback;
  const options = args.length > 1 ? (args[0] as { attributes?: unknown } | undefined) : undefined;
  return { options, fn };
}

/** An OpenTelemetry-shaped tracer writing noveum spans for the AI SDK. */
export class NoveumAITracer implements SpanHost {
  /** The first operation span this tracer started (a per-call tracer ends it if its stream stops). */
  root: NoveumAISpan | undefined;
  /** The call's `abortSignal` (a per-call tracer): an abort ends its stream as `aborted`. */
  signal: AbortSignal | undefined;

  constructor(
    readonly capture: PreparedCaptureConfig = prepareCaptureConfig(undefined),
    private readonly _isOn: () => boolean = () => true
  ) {}

  // The app's LLM scope claimed when the call was made (see claimScope), for its operation span.
  private _scope: LlmOwner | undefined;

  /**
   * Claims the caller's `traceLLM` scope at call time. The SDK starts its operation span a few
   * ticks later, when a scope whose callback returned the `streamText` result has already ended.
   */
  claimScope(): void {
    this._scope = claimLlmOwner(getActiveContext(), true);
  }

  /** Gives back a claim no operation took (the call threw before starting one). */
  releaseScope(): void {
    const scope = this._scope;
    this._scope = undefined;
    if (scope !== undefined) releaseLlmOwner(scope);
  }

  isAborted(): boolean {
    return this.signal?.aborted === true;
  }

  startSpan(name: string, options?: { attributes?: unknown }): unknown {
    return this._start(String(name), options) ?? NOOP_SPAN;
  }

  startActiveSpan(name: string, ...args: unknown[]): unknown {
    const { options, fn } = splitArgs(args);
    const span = this._start(String(name), options);
    if (span === undefined) return fn(NOOP_SPAN);
    const ctx = setSpan(getActiveContext(), span.span);
    return withContext(ctx, () => withOtelActiveSpan(span.span, () => fn(span)));
  }

  private _start(name: string, options: { attributes?: unknown } | undefined): NoveumAISpan | undefined {
    // The first span the SDK starts is the call's operation: it takes the claim, or gives it back.
    const claimed = this._scope;
    this._scope = undefined;
    let lent: LentScope | undefined;
    try {
      const client = getClient();
      if (!this._isOn() || !client.isEnabled) return undefined;
      const ctx = getActiveContext();
      if (isTracingSuppressed(ctx)) return undefined;
      const role = spanRole(name);
      const raw = options?.attributes;
      const attributes = raw !== null && typeof raw === 'object' ? (raw as AttributeBag) : {};
      const parent = getSpan(ctx);
      const parentAi = aiSpanOf(parent);
      lent = lendScope(ctx, role, parentAi, claimed);
      let span = lent?.owner.span;
      if (span === undefined) {
        const start = { attributes: { 'noveum.span_type': role.type }, kind: role.kind };
        span = client.startSpan(spanName(name, role, attributes), parent ? { ...start, parent } : start);
        if (!span.isRecording()) return undefined;
      }
      const ai = new NoveumAISpan(span, name, role, attributes, this, parentAi, lent);
      if (this.root === undefined && role.type === 'operation') this.root = ai;
      if (parentAi === undefined && STREAMING.has(name)) ai.trackUntilEnd();
      // A step starting after its operation was stopped (the caller stopped reading before the
      // model answered) is ended with it: nothing else would.
      const stopped = parentAi?.stoppedWith();
      if (stopped !== undefined) ai.abandon(stopped.error, stopped.outcome);
      return ai;
    } catch (error) {
      reportInternalError('vercel-ai.startSpan', error);
      return undefined;
    } finally {
      if (claimed !== undefined && lent?.owner !== claimed) releaseLlmOwner(claimed);
    }
  }
}

/** The app's LLM scope this span writes onto instead of opening its own, if any (see the top). */
function lendScope(
  ctx: Context,
  role: SpanRole,
  parentAi: NoveumAISpan | undefined,
  claimed: LlmOwner | undefined
): LentScope | undefined {
  if (role.type === 'operation' && parentAi === undefined) {
    const owner = claimed ?? claimLlmOwner(ctx, true);
    return owner && { owner, stepTaken: false, errorBy: undefined };
  }
  const scope = parentAi?.lent;
  if (role.type !== 'llm' || scope === undefined || scope.stepTaken || scope.owner.span.isEnded()) return undefined;
  scope.stepTaken = true;
  return scope;
}
