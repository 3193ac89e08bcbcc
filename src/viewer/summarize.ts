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
  /** Lower-cased trace and span names: what the index matches at once (the full text is scanned). */
  readonly text: string;
  /** Index of the file in the trace index's file table. */
  file: number;
  offset: number;
  length: number;
}

type Json = Record<string, unknown>;

// Bounded per trace: the index holds names only; prompts and attributes are found by scanning.
const SEARCH_TEXT_CHARS = 200;
// Strings repeat across traces (models, statuses, names of recurring jobs): each distinct one is
// kept once instead of once per trace. Bounded, so a folder of all-unique names cannot grow it forever.
const INTERN_MAX = 20_000;
const interned = new Map<string, string>();
const modelLists = new Map<string, readonly string[]>();
const NO_MODELS: readonly string[] = [];

function intern(value: string): string {
  const known = interned.get(value);
  if (known !== undefined) return known;
  if (interned.size < INTERN_MAX) interned.set(value, value);
  return value;
}

function internModels(models: ReadonlySet<string>): readonly string[] {
  if (models.size === 0) return NO_MODELS;
  const list = [...models].map(intern);
  const key = list.join('\n');
  const known = modelLists.get(key);
  if (known !== undefined) return known;
  if (modelLists.size < INTERN_MAX) modelLists.set(key, list);
  return list;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

function spanTokens(attrs: Json): number {
  const total = num(attrs['llm.total_tokens']);
  return total > 0 ? total : num(attrs['llm.input_tokens']) + num(attrs['llm.output_tokens']);
}

/** Lower-cased trace name and distinct span names, as one search text. */
function searchText(name: string, spanNames: ReadonlySet<string>): string {
  let text = name;
  for (const spanName of spanNames) {
    if (text.length >= SEARCH_TEXT_CHARS) break;
    if (spanName !== name) text += `\n${spanName}`;
  }
  return intern(text.slice(0, SEARCH_TEXT_CHARS).toLowerCase());
}

/** The summary of a parsed line, or undefined when it is not a trace (no `trace_id`). */
export function summarizeTrace(trace: unknown): Omit<TraceSummary, 'file' | 'offset' | 'length'> | undefined {
  if (!isObject(trace) || typeof trace['trace_id'] !== 'string' || trace['trace_id'] === '') return undefined;
  const spans = Array.isArray(trace['spans']) ? trace['spans'].filter(isObject) : [];
  const name = str(trace['name'], '(unnamed)');
  const models = new Set<string>();
  let tokens = 0;
  let cost = 0;
  const spanNames = new Set<string>();
  for (const span of spans) {
    const attrs = isObject(span['attributes']) ? span['attributes'] : {};
    const model = attrs['llm.model'];
    if (typeof model === 'string' && model !== '') models.add(model);
    tokens += spanTokens(attrs);
    cost += num(attrs['llm.cost.total']);
    const spanName = str(span['name']);
    if (spanName !== '') spanNames.add(spanName);
  }
  const start = Date.parse(str(trace['start_time']));
  return {
    id: trace['trace_id'],
    name: intern(name),
    start: Number.isFinite(start) ? start : 0,
    durationMs: num(trace['duration_ms']),
    status: intern(str(trace['status'], 'unset')),
    spanCount: typeof trace['span_count'] === 'number' ? trace['span_count'] : spans.length,
    models: internModels(models),
    tokens,
    cost,
    text: searchText(name, spanNames),
  };
}
