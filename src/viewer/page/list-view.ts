import type { TraceListItem, TraceListResponse } from '../types.js';
import { formatCost, formatCount, formatDuration, formatTime, getJson, h, replace, statusBadge } from './dom.js';

const PAGE_SIZE = 50;
// New traces show up without a reload: the server re-indexes the folder as it changes.
const POLL_MS = 1000;
// While a search scans the files, its matches are fetched more often, so they show as they come.
const SEARCH_POLL_MS = 250;

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

// Each tab has its own full-text scan on the server: a new query cancels only this tab's previous one.
const CLIENT = Math.random().toString(36).slice(2, 12);

function queryString(s: ListState, limit?: number): string {
  const p = new URLSearchParams();
  if (s.q !== '') p.set('q', s.q);
  if (s.status !== '') p.set('status', s.status);
  if (s.model !== '') p.set('model', s.model);
  if (s.offset > 0) p.set('offset', String(s.offset));
  if (limit !== undefined) {
    p.set('limit', String(limit));
    if (s.q !== '') p.set('client', CLIENT);
  }
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

/** The list page's elements, built once; `render` only refills them. */
interface ListElements {
  search: HTMLInputElement;
  status: HTMLSelectElement;
  model: HTMLSelectElement;
  info: HTMLElement;
  body: HTMLElement;
  newer: HTMLButtonElement;
  older: HTMLButtonElement;
  range: HTMLElement;
}

function buildList(root: HTMLElement, state: ListState): ListElements {
  const els: ListElements = {
    search: h('input', {
      type: 'search',
      id: 'search',
      placeholder: 'Search names, prompts, responses, attributes',
      value: state.q,
    }),
    status: h('select', { id: 'status-filter', 'aria-label': 'Status' }),
    model: h('select', { id: 'model-filter', 'aria-label': 'Model' }),
    info: h('p', { class: 'info', id: 'list-info' }, 'Loading…'),
    body: h('div', { class: 'trace-rows', id: 'trace-rows' }),
    newer: h('button', { type: 'button', id: 'newer' }, '← Newer'),
    older: h('button', { type: 'button', id: 'older' }, 'Older →'),
    range: h('span', { class: 'range', id: 'range' }),
  };
  const header = h('div', { class: 'trace-row head' }, ...HEADER.map((t) => h('span', null, t)));
  replace(
    root,
    h('div', { class: 'toolbar' }, els.search, els.status, els.model),
    els.info,
    h('div', { class: 'trace-table', role: 'table' }, header, els.body),
    h('div', { class: 'pager' }, els.newer, els.range, els.older)
  );
  return els;
}

/** Where the full-text scan behind a search is: still running, stopped at its limit, or done. */
function searchNote(list: TraceListResponse): string {
  const s = list.search;
  if (s === undefined) return '';
  const mb = (s.scannedBytes / 1e6).toFixed(s.scannedBytes < 1e7 ? 1 : 0);
  if (s.running) return ` · searching the full text… (${mb} MB read so far)`;
  if (s.capped) return ` · full-text search stopped at the first ${list.total.toLocaleString('en-US')} matches`;
  return ' · full text searched';
}

/** `query`: the search the list answers (the box may already hold the next one). */
function renderList(els: ListElements, list: TraceListResponse, state: ListState, query: string): void {
  if (document.activeElement !== els.status) fillSelect(els.status, 'status', list.statuses, state.status);
  if (document.activeElement !== els.model) fillSelect(els.model, 'model', list.models, state.model);
  const invalid = list.invalidLines > 0 ? ` · ${list.invalidLines} invalid lines skipped` : '';
  const indexing = list.indexing ? ' · indexing…' : '';
  replace(
    els.info,
    `${list.traceCount.toLocaleString('en-US')} traces in ${list.dir}${invalid}${indexing}${searchNote(list)}`
  );
  els.info.dataset['invalid'] = String(list.invalidLines);
  els.info.dataset['search'] = list.search === undefined ? 'none' : list.search.running ? 'running' : 'done';
  els.info.dataset['query'] = query;
  if (list.items.length > 0) replace(els.body, ...list.items.map(row));
  else replace(els.body, h('p', { class: 'empty' }, list.traceCount === 0 ? 'No traces yet.' : 'No trace matches.'));
  const last = Math.min(list.total, list.offset + list.items.length);
  const total = list.total.toLocaleString('en-US');
  replace(els.range, list.total === 0 ? '0 of 0' : `${list.offset + 1}–${last} of ${total}`);
  els.newer.disabled = list.offset === 0;
  els.older.disabled = last >= list.total;
}

/** The trace list: search, filters, pages of 50, newest first, refreshed while open. */
export function showList(root: HTMLElement): void {
  const state = readState();
  const els = buildList(root, state);
  document.title = 'Traces · noveum-trace';
  let shown = '';
  let seq = 0;
  let scanning = false;
  const load = async (): Promise<void> => {
    const mine = ++seq;
    const query = state.q;
    const list = await getJson<TraceListResponse>(`/api/traces${queryString(state, PAGE_SIZE)}`);
    if (mine !== seq) return; // a newer request is on its way
    scanning = list.search?.running === true;
    const key = JSON.stringify([
      query,
      list.items,
      list.total,
      list.models,
      list.statuses,
      list.invalidLines,
      list.indexing,
      list.search,
    ]);
    if (key === shown) return;
    shown = key;
    renderList(els, list, state, query);
  };
  const showError = (error: unknown): void => replace(els.info, `Could not load traces: ${String(error)}`);
  const update = (patch: Partial<ListState>): void => {
    Object.assign(state, patch);
    history.replaceState(null, '', `/${queryString(state)}`);
    void load().catch(showError);
  };
  let typing: number | undefined;
  els.search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = window.setTimeout(() => update({ q: els.search.value, offset: 0 }), 150);
  });
  els.status.addEventListener('change', () => update({ status: els.status.value, offset: 0 }));
  els.model.addEventListener('change', () => update({ model: els.model.value, offset: 0 }));
  els.newer.addEventListener('click', () => update({ offset: Math.max(0, state.offset - PAGE_SIZE) }));
  els.older.addEventListener('click', () => update({ offset: state.offset + PAGE_SIZE }));
  // One timer: every second, or every quarter second while a search is still scanning.
  const tick = (): void => {
    void load()
      .catch(showError)
      .finally(() => window.setTimeout(tick, scanning ? SEARCH_POLL_MS : POLL_MS));
  };
  tick();
}
