/**
 * Turns one parsed trace line (the Noveum wire shape the file exporter writes) into the
 * few fields the list shows and searches. Tolerant: a field of the wrong type is ignored.
 */

/** What the index keeps per trace: the list row, where the line is, and its search text. */
export interface TraceSummary {
  readonly id: string;
  readonly name: string;
  readonly start: number;
  readonly durationMs: number;
  readonly status: string;
  readonly spanCount: number;
  readonly models: readonly string[];
  readonly tokens: number;
  readonly cost: number;
  /** Lower-cased name, span names and short attribute values: what search matches. */
  readonly text: string;
  /** Index of the file in the trace index's file table. */
  file: number;
  offset: number;
  length: number;
}

type Json = Record<string, unknown>;

// Bounded per trace so 100,000 traces stay a few tens of megabytes; prompts are not searched.
const SEARCH_VALUE_CHARS = 80;
const SEARCH_TEXT_CHARS = 600;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

function spanTokens(attrs: Json): number {
  const total = num(attrs['llm.total_tokens']);
  return total > 0 ? total : num(attrs['llm.input_tokens']) + num(attrs['llm.output_tokens']);
}

/** Appends `key=value` pairs of short scalar attributes to `parts`, until the text budget is spent. */
function addSearchText(parts: string[], attrs: Json, budget: { left: number }): void {
  for (const [key, value] of Object.entries(attrs)) {
    if (budget.left <= 0) return;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    const piece = `${key}=${String(value).slice(0, SEARCH_VALUE_CHARS)}`;
    parts.push(piece);
    budget.left -= piece.length + 1;
  }
}

/** The summary of a parsed line, or undefined when it is not a trace (no `trace_id`). */
export function summarizeTrace(trace: unknown): Omit<TraceSummary, 'file' | 'offset' | 'length'> | undefined {
  if (!isObject(trace) || typeof trace['trace_id'] !== 'string' || trace['trace_id'] === '') return undefined;
  const spans = Array.isArray(trace['spans']) ? trace['spans'].filter(isObject) : [];
  const name = str(trace['name'], '(unnamed)');
  const models = new Set<string>();
  let tokens = 0;
  let cost = 0;
  const parts = [name];
  const budget = { left: SEARCH_TEXT_CHARS - name.length };
  if (isObject(trace['attributes'])) addSearchText(parts, trace['attributes'], budget);
  for (const span of spans) {
    const attrs = isObject(span['attributes']) ? span['attributes'] : {};
    const model = attrs['llm.model'];
    if (typeof model === 'string' && model !== '') models.add(model);
    tokens += spanTokens(attrs);
    cost += num(attrs['llm.cost.total']);
    if (budget.left > 0) {
      const spanName = str(span['name']);
      parts.push(spanName);
      budget.left -= spanName.length + 1;
      addSearchText(parts, attrs, budget);
    }
  }
  const start = Date.parse(str(trace['start_time']));
  return {
    id: trace['trace_id'],
    name,
    start: Number.isFinite(start) ? start : 0,
    durationMs: num(trace['duration_ms']),
    status: str(trace['status'], 'unset'),
    spanCount: typeof trace['span_count'] === 'number' ? trace['span_count'] : spans.length,
    models: [...models],
    tokens,
    cost,
    text: parts.join('\n').slice(0, SEARCH_TEXT_CHARS).toLowerCase(),
  };
}
