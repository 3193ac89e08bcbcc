import { conversation, documents } from './conversation.js';
import { formatCost, formatCount, formatDuration, formatTime, h, statusBadge } from './dom.js';
import { isLlmSpan, num, str, time, type Attributes, type WireSpan } from './wire.js';

function table(rows: ReadonlyArray<readonly [string, unknown]>, cls: string): HTMLElement {
  return h(
    'table',
    { class: cls },
    h(
      'tbody',
      null,
      ...rows.map(([k, v]) =>
        h('tr', null, h('th', null, k), h('td', null, typeof v === 'string' ? v : JSON.stringify(v, null, 2)))
      )
    )
  );
}

/** Model, tokens (input, output, cached), cost and time to first token of an LLM span. */
function llmFacts(a: Attributes): HTMLElement {
  const facts: Array<[string, string]> = [
    ['Model', str(a['llm.model']) ?? '–'],
    ['Response model', str(a['llm.response_model']) ?? '–'],
    ['Provider', str(a['llm.provider']) ?? '–'],
    ['Input tokens', formatCount(num(a['llm.input_tokens']))],
    ['Output tokens', formatCount(num(a['llm.output_tokens']))],
    ['Cached tokens', formatCount(num(a['llm.cached_tokens']))],
    ['Cost', formatCost(num(a['llm.cost.total']), str(a['llm.cost.currency']))],
    [
      'Time to first token',
      a['llm.time_to_first_token_ms'] === undefined ? '–' : formatDuration(num(a['llm.time_to_first_token_ms'])),
    ],
    ['Finish reason', str(a['llm.finish_reason']) ?? '–'],
  ];
  return h(
    'dl',
    { class: 'facts', id: 'llm-facts' },
    ...facts.flatMap(([k, v]) => [h('dt', null, k), h('dd', { 'data-fact': k }, v)])
  );
}

function events(span: WireSpan): HTMLElement | undefined {
  const list = Array.isArray(span.events) ? span.events : [];
  if (list.length === 0) return undefined;
  return h(
    'section',
    { class: 'events', id: 'events' },
    h('h3', null, `Events (${list.length})`),
    ...list.map((e) =>
      h(
        'div',
        { class: 'event' },
        h('div', { class: 'event-head' }, `${str(e.name) ?? 'event'} · ${formatTime(time(e.timestamp))}`),
        e.attributes !== undefined && Object.keys(e.attributes).length > 0
          ? table(Object.entries(e.attributes), 'attrs')
          : null
      )
    )
  );
}

function exception(span: WireSpan): HTMLElement | undefined {
  const e = span.exception;
  if (e === undefined || e === null) return undefined;
  return h(
    'section',
    { class: 'exception', id: 'exception' },
    h('h3', null, 'Error'),
    h('div', { class: 'exception-head' }, `${str(e.type) ?? 'Error'}: ${str(e.message) ?? ''}`),
    typeof e.stack_trace === 'string' ? h('pre', { class: 'stack' }, e.stack_trace) : null
  );
}

/** Everything about one span: header, LLM facts and conversation, documents, error, events, attributes. */
export function spanDetails(span: WireSpan): HTMLElement {
  const a = span.attributes ?? {};
  const llm = isLlmSpan(span);
  const shown = llm ? new Set(['llm.messages', 'llm.response', 'llm.tool_calls']) : new Set(['retrieval.documents']);
  const rest = Object.entries(a).filter(([k]) => !shown.has(k));
  return h(
    'div',
    { class: 'span-details', id: 'span-details', 'data-span-id': span.span_id },
    h('h2', null, str(span.name) ?? '(unnamed span)'),
    h(
      'p',
      { class: 'span-meta' },
      statusBadge(str(span.status) ?? 'unset'),
      ` ${formatDuration(num(span.duration_ms))} · started ${formatTime(time(span.start_time))} · span ${span.span_id}`
    ),
    str(span.status_message) ? h('p', { class: 'status-message' }, span.status_message ?? '') : null,
    llm ? llmFacts(a) : null,
    exception(span),
    llm ? (conversation(a) ?? null) : (documents(a) ?? null),
    events(span),
    h('section', { class: 'attributes' }, h('h3', null, `Attributes (${rest.length})`), table(rest, 'attrs'))
  );
}
