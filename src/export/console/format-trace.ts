/**
 * Renders a finished trace as an indented tree of text lines: one line per span with
 * its name, duration, status and the LLM figures a reader looks for first.
 */
import {
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_LLM_COST_CURRENCY,
  ATTR_LLM_COST_TOTAL,
  ATTR_LLM_INPUT_TOKENS,
  ATTR_LLM_MODEL,
  ATTR_LLM_OUTPUT_TOKENS,
  ATTR_LLM_PROVIDER,
  ATTR_LLM_RESPONSE_MODEL,
  ATTR_LLM_TOTAL_TOKENS,
  ATTR_RETRIEVAL_RESULTS_COUNT,
} from '../../core/semconv.js';
import type { AttributeValue, Attributes, FinishedTrace, ReadableSpan } from '../../core/types.js';

/** Wraps text in ANSI styles, or returns it as is when colours are off. */
export interface Painter {
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const plain = (s: string): string => s;
export const PLAIN: Painter = { red: plain, green: plain, dim: plain, bold: plain };

const ansi =
  (open: number, close: number) =>
  (s: string): string =>
    `\u001b[${open}m${s}\u001b[${close}m`;
export const ANSI: Painter = { red: ansi(31, 39), green: ansi(32, 39), dim: ansi(2, 22), bold: ansi(1, 22) };

// Messages in a tree line are kept short; the exported span has the full text.
const MAX_MESSAGE = 160;

/** `0.42 ms`, `12.3 ms`, `1.25 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '? ms';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

// Costs below one unit keep this many significant digits: a $0.00000042 call must not read as $0.
const COST_SIGNIFICANT_DIGITS = 2;
// toFixed works up to 100 digits; past 20 decimals nothing a reader compares is left.
const MAX_COST_DECIMALS = 20;

/** `$1.25`, `$0.0012`, `$0.00000042` for USD, `0.0012 EUR` otherwise; trailing zeros cut. */
export function formatCost(cost: number, currency: string): string {
  const magnitude = Math.abs(cost);
  const digits =
    magnitude >= 1 || magnitude === 0
      ? 2
      : Math.min(MAX_COST_DECIMALS, COST_SIGNIFICANT_DIGITS - 1 - Math.floor(Math.log10(magnitude)));
  const text = cost
    .toFixed(digits)
    .replace(/(\.\d*?[1-9])0+$/, '$1')
    .replace(/\.0+$/, '')
    .replace(/^-0$/, '0');
  return currency.toUpperCase() === 'USD' ? `$${text}` : `${text} ${currency}`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_MESSAGE ? flat.slice(0, MAX_MESSAGE) + '…' : flat;
}

function num(v: AttributeValue | undefined): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function str(v: AttributeValue | undefined): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function tokensFigure(a: Attributes, aggregated: boolean): string | undefined {
  const input = num(a[ATTR_LLM_INPUT_TOKENS]) ?? num(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]);
  const output = num(a[ATTR_LLM_OUTPUT_TOKENS]) ?? num(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]);
  const total =
    num(a[ATTR_LLM_TOTAL_TOKENS]) ?? (input !== undefined && output !== undefined ? input + output : undefined);
  if (input === undefined && output === undefined && total === undefined) return undefined;
  const parts: string[] = [];
  if (input !== undefined) parts.push(`${input} in`);
  if (output !== undefined) parts.push(`${output} out`);
  if (total !== undefined) parts.push(`${total} total`);
  return `${aggregated ? AGGREGATED_MARK : ''}tokens ${parts.join(' / ')}`;
}

/** Prefixes figures a span repeats from its descendants (a parent that copied its LLM child's usage). */
export const AGGREGATED_MARK = 'Σ ';

/** True when the span reports tokens or a cost, the figures a parent may repeat from its children. */
function hasUsage(a: Attributes): boolean {
  return tokensFigure(a, false) !== undefined || num(a[ATTR_LLM_COST_TOTAL]) !== undefined;
}

/**
 * The LLM figures of a span, in reading order: model (provider), tokens, cost, results.
 * `aggregated` marks tokens and cost that a descendant also reports, so they do not read as more usage.
 */
export function spanFigures(a: Attributes, aggregated = false): string[] {
  const figures: string[] = [];
  const model =
    str(a[ATTR_LLM_RESPONSE_MODEL]) ??
    str(a[ATTR_LLM_MODEL]) ??
    str(a[ATTR_GEN_AI_RESPONSE_MODEL]) ??
    str(a[ATTR_GEN_AI_REQUEST_MODEL]);
  const provider = str(a[ATTR_LLM_PROVIDER]);
  if (model !== undefined) figures.push(provider !== undefined ? `${model} (${provider})` : model);
  const tokens = tokensFigure(a, aggregated);
  if (tokens !== undefined) figures.push(tokens);
  const cost = num(a[ATTR_LLM_COST_TOTAL]);
  if (cost !== undefined)
    figures.push((aggregated ? AGGREGATED_MARK : '') + formatCost(cost, str(a[ATTR_LLM_COST_CURRENCY]) ?? 'USD'));
  const results = num(a[ATTR_RETRIEVAL_RESULTS_COUNT]);
  if (results !== undefined) figures.push(`${results} results`);
  return figures;
}

function statusText(span: ReadableSpan, p: Painter): string {
  if (span.status.code === 'ok') return p.green('ok');
  if (span.status.code !== 'error') return p.dim('unset');
  const ex = span.exception;
  const message = ex !== undefined ? `${ex.type}: ${ex.message}` : (span.status.message ?? '');
  return p.red(message === '' ? 'error' : `error ${oneLine(message)}`);
}

/** One tree line's content (without the branch prefix). */
export function formatSpanLine(span: ReadableSpan, p: Painter = PLAIN, aggregated = false): string {
  const parts = [
    p.bold(span.name),
    p.dim(formatDuration(span.durationMs)),
    statusText(span, p),
    ...spanFigures(span.attributes, aggregated),
  ];
  return parts.join('  ');
}

function childrenIndex(spans: readonly ReadableSpan[]): {
  roots: ReadableSpan[];
  children: Map<string, ReadableSpan[]>;
} {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, ReadableSpan[]>();
  const roots: ReadableSpan[] = [];
  for (const span of spans) {
    // A parent outside this batch (a remote parent, or a fragment's ended root) makes a local root.
    if (span.parentSpanId === undefined || !ids.has(span.parentSpanId)) {
      roots.push(span);
      continue;
    }
    const list = children.get(span.parentSpanId);
    if (list === undefined) children.set(span.parentSpanId, [span]);
    else list.push(span);
  }
  const byStart = (a: ReadableSpan, b: ReadableSpan): number => a.startTime - b.startTime;
  roots.sort(byStart);
  for (const list of children.values()) list.sort(byStart);
  return { roots, children };
}

/** The ids of spans with a descendant that reports usage (walked bottom-up, without recursion). */
function spansWithUsageBelow(spans: readonly ReadableSpan[], children: Map<string, ReadableSpan[]>): Set<string> {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const marked = new Set<string>();
  for (const span of spans) {
    if (!hasUsage(span.attributes)) continue;
    // Climb to the local root; a span already marked has had its ancestors marked too.
    let parentId = span.parentSpanId;
    for (let i = 0; parentId !== undefined && children.has(parentId) && i < spans.length; i++) {
      if (marked.has(parentId)) break;
      marked.add(parentId);
      parentId = byId.get(parentId)?.parentSpanId;
    }
  }
  return marked;
}

/** Renders `trace` as lines: a header, then each span indented under its parent. */
export function formatTrace(trace: FinishedTrace, p: Painter = PLAIN): string {
  const { roots, children } = childrenIndex(trace.spans);
  const aggregated = spansWithUsageBelow(trace.spans, children);
  const count = `${trace.spans.length} span${trace.spans.length === 1 ? '' : 's'}`;
  const kind = trace.rootSpan === undefined ? ', late spans of an already exported trace' : '';
  const lines = [p.dim(`trace ${trace.traceId} · ${trace.name} · ${count}${kind}`)];
  const visit = (span: ReadableSpan, prefix: string, branch: string, depth: number): void => {
    lines.push(`${prefix}${branch}${formatSpanLine(span, p, aggregated.has(span.spanId))}`);
    const kids = children.get(span.spanId) ?? [];
    // Depth is bounded by the number of spans; the guard only protects against corrupt input.
    if (depth > trace.spans.length) return;
    const childPrefix = prefix + (branch === '' ? '' : branch === '└─ ' ? '   ' : '│  ');
    kids.forEach((kid, i) => visit(kid, childPrefix, i === kids.length - 1 ? '└─ ' : '├─ ', depth + 1));
  };
  for (const root of roots) visit(root, '', '', 0);
  return lines.join('\n') + '\n';
}
