/**
 * Which span stands for which LangChain run, shared by the callback handler and the patched
 * entries (in every copy of this SDK: the app may load the ESM and the CommonJS build).
 *
 * A run's parent is the span of its parent run when LangChain names one, else the caller's
 * active span. Model, tool and retriever calls reached through the patched entries already have
 * their span open (and active, so work inside nests under it) when LangChain reports the run
 * start: the handler adopts that span instead of opening a second one.
 */
import { getActiveSpan } from '../../context/active-span.js';
import type { Span } from '../../core/types.js';
import { getGlobal } from '../../internal/global.js';

export type RunKind = 'chain' | 'llm' | 'tool' | 'retriever';

export interface RunRecord {
  /** The span children attach to: the run's own span, or (a run not traced) its parent's. */
  readonly span: Span | undefined;
  /** True when the handler opened the span and ends it; false for adopted and skipped runs. */
  readonly ownsSpan: boolean;
  /** False for a run that has no span of its own (hidden, or chains not traced). */
  readonly traced: boolean;
  readonly kind: RunKind;
}

// Bounded: a run whose end never arrives (an abandoned stream) must not grow the map forever.
const MAX_RUNS = 10_000;

const runs = getGlobal('langchain-runs', () => new Map<string, RunRecord>());
// Spans an entry opened whose run start has not been reported yet, by the run kind expected.
const awaitingRun = getGlobal('langchain-awaiting-run', () => new WeakMap<Span, RunKind>());

export function recordRun(runId: string, record: RunRecord): void {
  if (runs.size >= MAX_RUNS) {
    const oldest = runs.keys().next();
    if (oldest.done !== true) runs.delete(oldest.value);
  }
  runs.set(runId, record);
}

export function getRun(runId: string): RunRecord | undefined {
  return runs.get(runId);
}

export function takeRun(runId: string): RunRecord | undefined {
  const record = runs.get(runId);
  runs.delete(runId);
  return record;
}

/** The span a run with `parentRunId` nests under (undefined: the caller's active span). */
export function parentSpanOf(parentRunId: unknown): Span | undefined {
  if (typeof parentRunId === 'string') {
    const parent = runs.get(parentRunId);
    if (parent !== undefined) return parent.span ?? getActiveSpan();
  }
  return getActiveSpan();
}

/** The parent run id a `callbacks` value (a CallbackManager made by `getChild()`) carries. */
export function parentRunIdOf(callbacks: unknown): string | undefined {
  const id = (callbacks as { _parentRunId?: unknown } | null | undefined)?._parentRunId;
  return typeof id === 'string' ? id : undefined;
}

/** Marks `span` (opened by an entry) as waiting for the start of a run of `kind`. */
export function expectRun(span: Span, kind: RunKind): void {
  awaitingRun.set(span, kind);
}

// The app's own LLM spans (a `traceLLM` scope) lent to one model run: adopted, never renamed.
const lentSpans = getGlobal('langchain-lent-llm-spans', () => new WeakSet<Span>());

/**
 * Lends the app's LLM span `span` to the model run starting now, once per span: the run's
 * details fill the gaps on it, and a provider call inside still writes onto it as the owner.
 */
export function lendSpan(span: Span): boolean {
  if (lentSpans.has(span)) return false;
  lentSpans.add(span);
  awaitingRun.set(span, 'llm');
  return true;
}

/** True for an app span lent to a run (its name and attributes stay the app's). */
export function isLentSpan(span: Span): boolean {
  return lentSpans.has(span);
}

/**
 * The entry's span for a run of `kind` starting now, taken once: the active span when an entry
 * opened it for that kind and no run has adopted it yet.
 */
export function adoptActiveSpan(kind: RunKind): Span | undefined {
  const active = getActiveSpan();
  if (active === undefined || awaitingRun.get(active) !== kind) return undefined;
  awaitingRun.delete(active);
  return active;
}

/** True when an entry opened `span` for a run of `kind` that has not started yet. */
export function isAwaitingRun(span: Span, kind: RunKind): boolean {
  return awaitingRun.get(span) === kind;
}

// A model run's messages, held until its span ends (see `holdModelInput`).
const heldInputs = getGlobal('langchain-held-model-inputs', () => new WeakMap<Span, () => void>());

/**
 * Holds the capture of a model run's messages on an entry's span until the span ends: a provider
 * patch (`autoInstrument('openai')`) writes its own `llm.messages` onto that span when the call
 * starts, so capturing them at run start as well would be work thrown away.
 */
export function holdModelInput(span: Span, write: () => void): void {
  heldInputs.set(span, write);
}

/** Writes the messages held for `span`, once (before it ends: run end, error, abandoned stream). */
export function releaseModelInput(span: Span): void {
  const write = heldInputs.get(span);
  if (write === undefined) return;
  heldInputs.delete(span);
  write();
}
