/**
 * The "LLM owner" of a context: the span that stands for one model call, opened by the layer
 * closest to the user (`traceLLM`, later a framework integration). A provider integration that
 * runs inside it and finds it unclaimed writes its precise data (usage, cache tokens, request id,
 * cost, time to first token) onto that span instead of opening a second LLM span; a second call
 * in the same owner (a retry) nests as a child. Being a context value, it holds across `await`,
 * is per call (never a global switch), and is only read by providers (`getStore`, no `run`).
 */
import type { Span } from '../core/types.js';
import { getGlobal } from '../internal/global.js';
import { getSpan } from './active-span.js';
import { createContextKey, type Context } from './context.js';

const LLM_OWNER_KEY = createContextKey('llm-owner');

/** One owner record per LLM scope; a plain object so every copy of the package can share it. */
export interface LlmOwner {
  readonly span: Span;
  /** Set by the first provider call that writes onto the span. */
  claimed: boolean;
  /** Streams writing onto the span that have not ended yet: the span's end waits for them. */
  pending: number;
  /** The scope's end, held back while `pending > 0`. */
  heldEnd: (() => void) | undefined;
}

/** A fresh, unclaimed owner record for `span`. */
export function createLlmOwner(span: Span): LlmOwner {
  return { span, claimed: false, pending: 0, heldEnd: undefined };
}

/** A new context in which `span` is the active span and the LLM owner. */
export function setLlmOwner(context: Context, span: Span): Context {
  return context.setValue(LLM_OWNER_KEY, createLlmOwner(span));
}

/** The owner of `context`, if any (claimed or not). */
export function getLlmOwner(context: Context): LlmOwner | undefined {
  return context.getValue(LLM_OWNER_KEY) as LlmOwner | undefined;
}

/**
 * Claims the owner of `context` for one provider call, or returns undefined: no owner, already
 * claimed, already ended, or another span was opened inside it (then that span is the parent).
 * A streamed call holds the owner's end until `releaseLlmOwner`.
 */
export function claimLlmOwner(context: Context, stream: boolean): LlmOwner | undefined {
  const owner = getLlmOwner(context);
  if (owner === undefined || getSpan(context) !== owner.span) return undefined;
  return claimOwner(owner, stream);
}

/** Claims `owner` for one provider call, or returns undefined when it is taken or its span has ended. */
export function claimOwner(owner: LlmOwner, stream: boolean): LlmOwner | undefined {
  if (owner.claimed || !owner.span.isRecording() || owner.span.isEnded()) return undefined;
  owner.claimed = true;
  if (stream) owner.pending++;
  return owner;
}

/**
 * Where a framework that keeps its own span context (OpenAI Agents) says the running code is:
 * `span` is our span for the framework's current span (the parent of a provider call's own
 * span), and `owner` is set when that span stands for one model call.
 */
export interface ExternalScope {
  readonly span: Span;
  readonly owner: LlmOwner | undefined;
}

/** Reports the external scope of the running code, or undefined; `active` is our active span. */
export type ExternalScopeSource = (active: Span | undefined) => ExternalScope | undefined;

// Process-wide: the provider patch of one build must see the framework integration of the other.
const scopeSources = getGlobal('external-llm-scope-sources', () => new Set<ExternalScopeSource>());

/**
 * Registers a source of external scopes (read by provider integrations when a call starts);
 * returns its removal. A framework whose callbacks run outside the model call's async context
 * cannot put an owner into our context, so the provider asks it instead.
 */
export function addExternalScopeSource(source: ExternalScopeSource): () => void {
  scopeSources.add(source);
  return () => {
    scopeSources.delete(source);
  };
}

/** The first external scope a registered source reports for the running code. */
export function getExternalScope(active: Span | undefined): ExternalScope | undefined {
  if (scopeSources.size === 0) return undefined;
  for (const source of scopeSources) {
    const scope = source(active);
    if (scope !== undefined) return scope;
  }
  return undefined;
}

/** A held claim is done (its stream ended): the scope's end runs now if it was waiting. */
export function releaseLlmOwner(owner: LlmOwner): void {
  if (owner.pending === 0) return;
  owner.pending--;
  if (owner.pending > 0 || owner.heldEnd === undefined) return;
  const end = owner.heldEnd;
  owner.heldEnd = undefined;
  end();
}

/** Runs `end` now, or when the owner's last streamed claim is released. */
export function endLlmOwner(owner: LlmOwner | undefined, end: () => void): void {
  if (owner === undefined || owner.pending === 0) end();
  else owner.heldEnd = end;
}
