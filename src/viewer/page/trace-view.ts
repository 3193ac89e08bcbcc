import { formatCost, formatCount, formatDuration, formatTime, getJson, h, replace, statusBadge } from './dom.js';
import { spanDetails } from './span-details.js';
import { isLlmSpan, isRetrievalSpan, num, str, time, usageByModel, type WireSpan, type WireTrace } from './wire.js';

interface Row {
  span: WireSpan;
  depth: number;
}

/** Spans in tree order (parents before children, siblings by start time); orphans hang at the top. */
function treeOrder(spans: readonly WireSpan[]): Row[] {
  const ids = new Set(spans.map((s) => s.span_id));
  const children = new Map<string, WireSpan[]>();
  const roots: WireSpan[] = [];
  for (const span of spans) {
    const parent = span.parent_span_id;
    if (typeof parent === 'string' && ids.has(parent) && parent !== span.span_id) {
      children.set(parent, [...(children.get(parent) ?? []), span]);
    } else roots.push(span);
  }
  const byStart = (a: WireSpan, b: WireSpan): number => time(a.start_time) - time(b.start_time);
  const out: Row[] = [];
  const seen = new Set<string>();
  const visit = (span: WireSpan, depth: number): void => {
    if (seen.has(span.span_id)) return; // a parent cycle in a hand-edited file
    seen.add(span.span_id);
    out.push({ span, depth });
    for (const child of (children.get(span.span_id) ?? []).sort(byStart)) visit(child, depth + 1);
  };
  for (const root of roots.sort(byStart)) visit(root, 0);
  return out;
}

function kindLabel(span: WireSpan): string {
  if (isLlmSpan(span)) return 'LLM';
  if (isRetrievalSpan(span)) return 'RET';
  const type = str(span.attributes?.['noveum.span_type']);
  return type === 'agent' ? 'AGT' : type === 'tool' ? 'TOOL' : 'OP';
}

/** The waterfall: one row per span, indented by depth, with a bar on the trace's time axis. */
function waterfall(rows: readonly Row[], onSelect: (span: WireSpan) => void): HTMLElement {
  const starts = rows.map((r) => time(r.span.start_time)).filter((t) => t > 0);
  const t0 = starts.length > 0 ? Math.min(...starts) : 0;
  const ends = rows.map((r) => time(r.span.start_time) + num(r.span.duration_ms));
  const total = Math.max(1e-3, Math.max(...ends, t0) - t0);
  const axis = h(
    'div',
    { class: 'wf-row wf-axis' },
    h('span', { class: 'wf-label' }, 'Span'),
    h('span', { class: 'wf-track' }, ...[0, 0.25, 0.5, 0.75, 1].map((f) => tick(f, total))),
    h('span', { class: 'wf-dur' }, 'Duration')
  );
  const body = rows.map(({ span, depth }) => {
    const start = time(span.start_time) - t0;
    const bar = h('span', { class: `wf-bar bar-${span.status === 'error' ? 'error' : kindLabel(span).toLowerCase()}` });
    bar.style.left = `${(Math.max(0, start) / total) * 100}%`;
    bar.style.width = `${Math.max(0.3, (num(span.duration_ms) / total) * 100)}%`;
    const label = h(
      'span',
      { class: 'wf-label' },
      h('span', { class: 'wf-kind' }, kindLabel(span)),
      h('span', { class: 'wf-name' }, str(span.name) ?? '(unnamed)')
    );
    label.style.paddingLeft = `${depth * 14 + 4}px`;
    const row = h(
      'button',
      { type: 'button', class: 'wf-row', 'data-span-id': span.span_id, title: str(span.name) ?? '' },
      label,
      h('span', { class: 'wf-track' }, bar),
      h('span', { class: 'wf-dur' }, formatDuration(num(span.duration_ms)))
    );
    row.addEventListener('click', () => onSelect(span));
    return row;
  });
  return h('div', { class: 'waterfall', id: 'waterfall' }, axis, ...body);
}

function tick(fraction: number, total: number): HTMLElement {
  const el = h('span', { class: 'wf-tick' }, fraction === 0 ? '0' : formatDuration(total * fraction));
  el.style.left = `${fraction * 100}%`;
  return el;
}

function modelSummary(spans: readonly WireSpan[]): HTMLElement | null {
  const usage = usageByModel(spans);
  if (usage.length === 0) return null;
  const head = ['Model', 'Calls', 'Input', 'Output', 'Cached', 'Cost'];
  return h(
    'table',
    { class: 'by-model', id: 'by-model' },
    h('thead', null, h('tr', null, ...head.map((t) => h('th', null, t)))),
    h(
      'tbody',
      null,
      ...usage.map((u) =>
        h(
          'tr',
          null,
          h('td', null, u.model),
          h('td', null, u.calls),
          h('td', null, formatCount(u.input)),
          h('td', null, formatCount(u.output)),
          h('td', null, formatCount(u.cached)),
          h('td', null, formatCost(u.cost))
        )
      )
    )
  );
}

function header(trace: WireTrace, spans: readonly WireSpan[]): HTMLElement {
  const where = [str(trace.project), str(trace.environment)].filter(Boolean).join(' · ');
  return h(
    'header',
    { class: 'trace-head' },
    h('a', { href: '/', class: 'back' }, '← All traces'),
    h('h1', { id: 'trace-name' }, str(trace.name) ?? '(unnamed trace)'),
    h(
      'p',
      { class: 'trace-meta' },
      statusBadge(str(trace.status) ?? 'unset'),
      ` ${formatTime(time(trace.start_time))} · ${formatDuration(num(trace.duration_ms))} · ${spans.length} spans`,
      where === '' ? '' : ` · ${where}`,
      ` · trace ${trace.trace_id}`
    ),
    modelSummary(spans)
  );
}

/** The page of one trace: header and per-model usage, waterfall, and the selected span's details. */
export async function showTrace(root: HTMLElement, id: string): Promise<void> {
  replace(root, h('p', { class: 'info' }, 'Loading…'));
  let trace: WireTrace;
  try {
    trace = await getJson<WireTrace>(`/api/traces/${encodeURIComponent(id)}`);
  } catch (error) {
    replace(
      root,
      h('a', { href: '/', class: 'back' }, '← All traces'),
      h('p', { class: 'info' }, `Trace ${id}: ${String(error)}`)
    );
    return;
  }
  const spans = Array.isArray(trace.spans) ? trace.spans.filter((s) => typeof s?.span_id === 'string') : [];
  const rows = treeOrder(spans);
  const details = h('aside', { class: 'details' }, h('p', { class: 'info' }, 'Select a span.'));
  const select = (span: WireSpan): void => {
    replace(details, spanDetails(span));
    for (const el of root.querySelectorAll('.wf-row[data-span-id]')) {
      el.classList.toggle('selected', el.getAttribute('data-span-id') === span.span_id);
    }
    history.replaceState(null, '', `${location.pathname}?span=${encodeURIComponent(span.span_id)}`);
  };
  document.title = `${str(trace.name) ?? 'Trace'} · noveum-trace`;
  replace(root, header(trace, spans), h('div', { class: 'trace-body' }, waterfall(rows, select), details));
  const wanted = new URLSearchParams(location.search).get('span');
  const initial = rows.find((r) => r.span.span_id === wanted) ?? rows[0];
  if (initial !== undefined) select(initial.span);
}
