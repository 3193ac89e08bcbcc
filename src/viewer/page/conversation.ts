import { h } from './dom.js';
import { parseJsonAttribute, str, type Attributes } from './wire.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const ROLES = ['system', 'user', 'assistant', 'tool', 'developer'];

/** Text of a message's content: a string, or the text parts of a parts array; other parts as JSON. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content === undefined || content === null ? '' : JSON.stringify(content, null, 2);
  return content
    .map((part) => {
      if (typeof part === 'string') return part;
      if (isObject(part) && typeof part['text'] === 'string') return part['text'];
      if (isObject(part) && typeof part['content'] === 'string') return part['content'];
      return JSON.stringify(part, null, 2);
    })
    .join('\n');
}

function bubble(role: string, text: string, extra?: string): HTMLElement {
  const known = ROLES.includes(role) ? role : 'other';
  return h(
    'div',
    { class: `bubble role-${known}`, 'data-role': role },
    h('div', { class: 'bubble-role' }, extra === undefined ? role : `${role} · ${extra}`),
    h('div', { class: 'bubble-text' }, text)
  );
}

/** Tool calls as `name(arguments)` bubbles, from OpenAI's `tool_calls` or the SDK's neutral list. */
function toolCallBubbles(calls: unknown): HTMLElement[] {
  if (!Array.isArray(calls)) return [];
  return calls.filter(isObject).map((call) => {
    const fn = isObject(call['function']) ? call['function'] : call;
    const name = str(fn['name']) ?? 'tool';
    const args = typeof fn['arguments'] === 'string' ? fn['arguments'] : JSON.stringify(fn['arguments'] ?? {});
    return bubble('tool call', `${name}(${args})`, str(call['id']));
  });
}

function messageBubbles(message: unknown): HTMLElement[] {
  if (!isObject(message)) return [bubble('other', contentText(message))];
  const role = str(message['role']) ?? 'other';
  const out: HTMLElement[] = [];
  const text = contentText(message['content']);
  const toolCallId = str(message['tool_call_id']);
  if (text !== '' || message['tool_calls'] === undefined) out.push(bubble(role, text, toolCallId));
  out.push(...toolCallBubbles(message['tool_calls']));
  return out;
}

/** The conversation of an LLM span: prompt messages, then the response and its tool calls. */
export function conversation(attrs: Attributes): HTMLElement | undefined {
  const rawMessages = attrs['llm.messages'];
  const response = attrs['llm.response'];
  const toolCalls = parseJsonAttribute(attrs['llm.tool_calls']);
  if (rawMessages === undefined && response === undefined && toolCalls === undefined) return undefined;
  const bubbles: HTMLElement[] = [];
  const messages = parseJsonAttribute(rawMessages);
  if (Array.isArray(messages)) for (const m of messages) bubbles.push(...messageBubbles(m));
  else if (rawMessages !== undefined) bubbles.push(bubble('user', String(rawMessages)));
  if (response !== undefined) {
    const parsed = parseJsonAttribute(response);
    if (Array.isArray(parsed)) for (const m of parsed) bubbles.push(...messageBubbles(m));
    else bubbles.push(bubble('assistant', typeof response === 'string' ? response : JSON.stringify(response)));
  }
  bubbles.push(...toolCallBubbles(toolCalls));
  return h('section', { class: 'conversation', id: 'conversation' }, h('h3', null, 'Conversation'), ...bubbles);
}

function documentCard(doc: unknown, i: number): HTMLElement {
  if (!isObject(doc)) return h('li', { class: 'doc' }, h('div', { class: 'doc-text' }, contentText(doc)));
  const text = str(doc['content']) ?? str(doc['text']) ?? str(doc['page_content']) ?? JSON.stringify(doc, null, 2);
  const id = str(doc['id']) ?? str(doc['source']) ?? `#${i + 1}`;
  const score = typeof doc['score'] === 'number' ? ` · score ${doc['score'].toFixed(3)}` : '';
  return h(
    'li',
    { class: 'doc' },
    h('div', { class: 'doc-head' }, `${id}${score}`),
    h('div', { class: 'doc-text' }, text)
  );
}

/** The documents a retrieval span returned (`retrieval.documents`), one card each. */
export function documents(attrs: Attributes): HTMLElement | undefined {
  const raw = attrs['retrieval.documents'];
  if (raw === undefined) return undefined;
  const docs = parseJsonAttribute(raw);
  const list = Array.isArray(docs) ? docs : [raw];
  return h(
    'section',
    { class: 'documents', id: 'documents' },
    h('h3', null, `Documents (${list.length})`),
    h('ol', null, ...list.map(documentCard))
  );
}
