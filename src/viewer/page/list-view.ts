import type { TraceListItem, TraceListResponse } from '../types.js';
import { formatCost, formatCount, formatDuration, formatTime, getJson, h, replace, statusBadge } from './dom.js';

const PAGE_SIZE = 50;
// New traces show up without a reload: the server re-indexes the folder as it changes.
const POLL_MS = 1000;

interface ListState {
  q: string;
  status: string;
  model: string;
  offset: number;
}

function readState(): ListState {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get('q') ?? '',
    status: p.get('status') ?? '',
    model: p.get('model') ?? '',
    offset: Math.max(0, Number(p.get('offset')) || 0),
  };
}

function queryString(s: ListState, limit?: number): string {
  const p = new URLSearchParams();
  if (s.q !== '') p.set('q', s.q);
  if (s.status !== '') p.set('status', s.status);
  if (s.model !== '') p.set('model', s.model);
  if (s.offset > 0) p.set('offset', String(s.offset));
  if (limit !== undefined) p.set('limit', String(limit));
  const text = p.toString();
  return text === '' ? '' : `?${text}`;
}

function row(t: TraceListItem): HTMLElement {
  return h(
    'a',
    { class: 'trace-row', href: `/trace/${encodeURIComponent(t.id)}`, 'data-trace-id': t.id },
    h('span', { class: 'c-name', title: t.name }, t.name),
    h('span', { class: 'c-time' }, formatTime(t.start)),
    h('span', { class: 'c-num' }, formatDuration(t.durationMs)),
    h('span', { class: 'c-status' }, statusBadge(t.status)),
    h('span', { class: 'c-num' }, t.spanCount),
    h('span', { class: 'c-models', title: t.models.join(', ') }, t.models.join(', ') || '–'),
    h('span', { class: 'c-num' }, formatCount(t.tokens)),
    h('span', { class: 'c-num' }, formatCost(t.cost))
  );
}

const HEADER = ['Name', 'Time', 'Duration', 'Status', 'Spans', 'Models', 'Tokens', 'Cost'];

/** Fills a <select> with "any" plus `values`, keeping `selected` even if no trace has it any more. */
function fillSelect(select: HTMLSelectElement, label: string, values: readonly string[], selected: string): void {
  const all = selected !== '' && !values.includes(selected) ? [...values, selected] : values;
  replace(select, h('option', { value: '' }, `any ${label}`), ...all.map((v) => h('option', { value: v }, v)));
  select.value = selected;
}

/** The trace list: search, filters, pages of 50, newest first, refreshed while open. */
export function showList(root: HTMLElement): void {
  const state = readState();
  const search = h('input', {
    type: 'search',
    id: 'search',
    placeholder: 'Search names and attributes',
    value: state.q,
  });
  const status = h('select', { id: 'status-filter', 'aria-label': 'Status' });
  const model = h('select', { id: 'model-filter', 'aria-label': 'Model' });
  const info = h('p', { class: 'info', id: 'list-info' }, 'Loading…');
  const body = h('div', { class: 'trace-rows', id: 'trace-rows' });
  const newer = h('button', { type: 'button', id: 'newer' }, '← Newer');
  const older = h('button', { type: 'button', id: 'older' }, 'Older →');
  const range = h('span', { class: 'range', id: 'range' });
  const header = h('div', { class: 'trace-row head' }, ...HEADER.map((t) => h('span', null, t)));
  replace(
    root,
    h('div', { class: 'toolbar' }, search, status, model),
    info,
    h('div', { class: 'trace-table', role: 'table' }, header, body),
    h('div', { class: 'pager' }, newer, range, older)
  );
  document.title = 'Traces · noveum-trace';

  let shown = '';
  let seq = 0;
  const load = async (): Promise<void> => {
    const mine = ++seq;
    const list = await getJson<TraceListResponse>(`/api/traces${queryString(state, PAGE_SIZE)}`);
    if (mine !== seq) return; // a newer request is on its way
    const key = JSON.stringify([list.items, list.total, list.models, list.statuses, list.invalidLines, list.indexing]);
    if (key === shown) return;
    shown = key;
    render(list);
  };
  const render = (list: TraceListResponse): void => {
    if (document.activeElement !== status) fillSelect(status, 'status', list.statuses, state.status);
    if (document.activeElement !== model) fillSelect(model, 'model', list.models, state.model);
    const invalid = list.invalidLines > 0 ? ` · ${list.invalidLines} invalid lines skipped` : '';
    const indexing = list.indexing ? ' · indexing…' : '';
    replace(
      info,
      `${formatCount(list.traceCount) === '–' ? 0 : formatCount(list.traceCount)} traces in ${list.dir}${invalid}${indexing}`
    );
    info.dataset['invalid'] = String(list.invalidLines);
    if (list.items.length === 0)
      replace(body, h('p', { class: 'empty' }, list.traceCount === 0 ? 'No traces yet.' : 'No trace matches.'));
    else replace(body, ...list.items.map(row));
    const last = Math.min(list.total, list.offset + list.items.length);
    replace(range, list.total === 0 ? '0 of 0' : `${list.offset + 1}–${last} of ${list.total.toLocaleString('en-US')}`);
    newer.disabled = list.offset === 0;
    older.disabled = last >= list.total;
  };
  const update = (patch: Partial<ListState>): void => {
    Object.assign(state, patch);
    history.replaceState(null, '', `/${queryString(state)}`);
    void load().catch(showError);
  };
  const showError = (error: unknown): void => replace(info, `Could not load traces: ${String(error)}`);
  let typing: number | undefined;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = window.setTimeout(() => update({ q: search.value, offset: 0 }), 150);
  });
  status.addEventListener('change', () => update({ status: status.value, offset: 0 }));
  model.addEventListener('change', () => update({ model: model.value, offset: 0 }));
  newer.addEventListener('click', () => update({ offset: Math.max(0, state.offset - PAGE_SIZE) }));
  older.addEventListener('click', () => update({ offset: state.offset + PAGE_SIZE }));
  void load().catch(showError);
  window.setInterval(() => void load().catch(showError), POLL_MS);
}
