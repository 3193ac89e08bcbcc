/** The Noveum wire shape of a trace, as far as the page reads it; every field is checked before use. */

export type Attributes = Record<string, unknown>;

export interface WireEvent {
  readonly name?: string;
  readonly timestamp?: string;
  readonly attributes?: Attributes;
}

export interface WireSpan {
  readonly span_id: string;
  readonly parent_span_id?: string | null;
  readonly name?: string;
  readonly kind?: string;
  readonly start_time?: string;
  readonly end_time?: string;
  readonly duration_ms?: number;
  readonly status?: string;
  readonly status_message?: string | null;
  readonly attributes?: Attributes;
  readonly events?: readonly WireEvent[];
  readonly exception?: { type?: string; message?: string; stack_trace?: string | null };
}

export interface WireTrace {
  readonly trace_id: string;
  readonly name?: string;
  readonly start_time?: string;
  readonly end_time?: string;
  readonly duration_ms?: number;
  readonly status?: string;
  readonly status_message?: string | null;
  readonly span_count?: number;
  readonly error_count?: number;
  readonly project?: string;
  readonly environment?: string;
  readonly attributes?: Attributes;
  readonly spans?: readonly WireSpan[];
}

export const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const time = (iso: string | undefined): number => {
  const t = Date.parse(iso ?? '');
  return Number.isFinite(t) ? t : 0;
};

/** A JSON-encoded attribute value (messages, tool calls, documents), or undefined when it is not JSON. */
export function parseJsonAttribute(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

export function isLlmSpan(span: WireSpan): boolean {
  const a = span.attributes ?? {};
  return a['noveum.span_type'] === 'llm' || typeof a['llm.model'] === 'string';
}

export function isRetrievalSpan(span: WireSpan): boolean {
  const a = span.attributes ?? {};
  return a['noveum.span_type'] === 'retrieval' || a['retrieval.documents'] !== undefined;
}

/** Tokens and cost of one model across a trace. */
export interface ModelUsage {
  model: string;
  calls: number;
  input: number;
  output: number;
  cached: number;
  cost: number;
}

export function usageByModel(spans: readonly WireSpan[]): ModelUsage[] {
  const byModel = new Map<string, ModelUsage>();
  for (const span of spans) {
    if (!isLlmSpan(span)) continue;
    const a = span.attributes ?? {};
    const model = str(a['llm.model']) ?? '(unknown model)';
    const u = byModel.get(model) ?? { model, calls: 0, input: 0, output: 0, cached: 0, cost: 0 };
    u.calls++;
    u.input += num(a['llm.input_tokens']);
    u.output += num(a['llm.output_tokens']);
    u.cached += num(a['llm.cached_tokens']);
    u.cost += num(a['llm.cost.total']);
    byModel.set(model, u);
  }
  return [...byModel.values()].sort((x, y) => y.cost - x.cost || y.input + y.output - (x.input + x.output));
}
