/**
 * The "LLM owner" of a context: the span that stands for one model call, opened by the layer
 * closest to the user (`traceLLM`, later a framework integration). A provider integration that
 * runs inside it and finds it unclaimed writes its precise data (usage, cache tokens, request id,
 * cost, time to first token) onto that span instead of opening a second LLM span; a second call
 * in the same owner (a retry) nests as a child. Being a context value, it holds across `await`,
 * is per call (never a global switch), and is only read by providers (`getStore`, no `run`).
 */
import type { Span } from '../core/types.js';
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

/** A new context in which `span` is the active span and the LLM owner. */
export function setLlmOwner(context: Context, span: Span): Context {
  const owner: LlmOwner = { span, claimed: false, pending: 0, heldEnd: undefined };
  return context.setValue(LLM_OWNER_KEY, owner);
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
  if (owner === undefined || owner.claimed || getSpan(context) !== owner.span) return undefined;
  if (!owner.span.isRecording() || owner.span.isEnded()) return undefined;
  owner.claimed = true;
  if (stream) owner.pending++;
  return owner;
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
