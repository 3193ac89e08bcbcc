/** Small span operations shared by the handler and the entries. */
import { getClient } from '../../api/client.js';
import { endSpanOk, endSpanWithError } from '../../api/run-in-span.js';
import { ATTR_LANGGRAPH_INTERRUPTED } from '../../core/semconv.js';
import type { Span } from '../../core/types.js';
import type { AttributeBag } from '../genai/usage.js';
import { CONTROL_FLOW_ERRORS } from './constants.js';
import { adoptActiveSpan, isLentSpan, parentSpanOf, recordRun, type RunKind, type RunRecord } from './runs.js';
import { isControlFlow } from './utils.js';

// Either build's recording span (ESM and CommonJS copies of the SDK may both be loaded) has these.
type Readable = {
  _hasAttribute?(key: string): boolean;
  rawAttributes?: Readonly<Record<string, unknown>>;
  attributes?: Readonly<Record<string, unknown>>;
};

/** True when `key` is set on `span`, without resolving a provider's deferred captures. */
function hasAttribute(span: Span, key: string): boolean {
  const s = span as Readable;
  return s._hasAttribute !== undefined ? s._hasAttribute(key) : s.attributes?.[key] !== undefined;
}

/** Writes the defined values of `bag`; with `onlyMissing`, keeps what is already there (a provider's figures). */
export function setDefined(span: Span, bag: AttributeBag, onlyMissing = false): void {
  // An ended span takes nothing (each write would be reported as misuse); once its trace was
  // handed to export, its captures are no longer readable here either.
  if (span.isEnded()) return;
  for (const key in bag) {
    const value = bag[key];
    if (value !== undefined && value !== null && !(onlyMissing && hasAttribute(span, key)))
      span.setAttribute(key, value);
  }
}

/** A plain string attribute already on `span` (model, provider: never deferred, so none is resolved). */
export function attributeOf(span: Span, key: string): string | undefined {
  const s = span as Readable;
  const value = (s.rawAttributes ?? s.attributes)?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** Ends `span`: ok, failed, or (LangGraph control flow) ok and marked `langgraph.interrupted`. */
export function endRunSpanWith(span: Span, error?: unknown): void {
  if (error === undefined) return endSpanOk(span);
  if (!isControlFlow(error, CONTROL_FLOW_ERRORS)) return endSpanWithError(span, error);
  span.setAttribute(ATTR_LANGGRAPH_INTERRUPTED, true);
  endSpanOk(span);
}

/** Ends a run's span if the handler opened it (adopted spans are ended by their entry). */
export function endRunSpan(record: RunRecord | undefined, error?: unknown): void {
  if (record?.ownsSpan === true && record.span !== undefined) endRunSpanWith(record.span, error);
}

/**
 * Opens the span of a run starting now, or adopts the one its entry opened (an app's lent LLM
 * span keeps its name and values), and records it. Undefined when `runId` is not a run id.
 */
export function startRunSpan(
  kind: RunKind,
  runId: unknown,
  parentRunId: unknown,
  name: string,
  attrs: AttributeBag
): RunRecord | undefined {
  if (typeof runId !== 'string') return undefined;
  const adopted = kind === 'chain' ? undefined : adoptActiveSpan(kind);
  let record: RunRecord;
  if (adopted !== undefined) {
    const lent = isLentSpan(adopted);
    if (!lent) adopted.updateName(name);
    setDefined(adopted, attrs, lent);
    record = { span: adopted, ownsSpan: false, traced: true, kind };
  } else {
    const parent = parentSpanOf(parentRunId);
    const spanKind = kind === 'llm' ? 'client' : 'internal';
    const span = getClient().startSpan(name, parent === undefined ? { kind: spanKind } : { parent, kind: spanKind });
    const recording = span.isRecording();
    if (recording) setDefined(span, attrs);
    record = recording
      ? { span, ownsSpan: true, traced: true, kind }
      : { span: parent, ownsSpan: false, traced: false, kind };
  }
  recordRun(runId, record);
  return record;
}
