/**
 * The page's only way to build markup. Captured text (prompts, responses, attribute values)
 * always becomes a Text node or `textContent`; there is no innerHTML anywhere, so a prompt
 * holding `<script>` or `<img onerror=…>` is shown, never run.
 */

type Child = Node | string | number | null | undefined | false;
type Props = Record<string, string | number | boolean | undefined>;

/** Creates `<tag>` with attributes (`class`, `href`, `data-*`, …) and children (strings become text). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === false) continue;
    if (/^on/i.test(key) || key === 'style') throw new Error(`h(): ${key} is not allowed`);
    el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

/** Appends children; strings and numbers as text nodes. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of `el`. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.floor(ms / 60_000)} min ${((ms % 60_000) / 1000).toFixed(0)} s`;
}

export function formatCost(cost: number, currency = 'USD'): string {
  if (!(cost > 0)) return '–';
  const text = cost >= 0.01 ? cost.toFixed(4) : cost.toPrecision(2);
  return currency === 'USD' ? `$${text}` : `${text} ${currency}`;
}

export function formatCount(n: number): string {
  return n > 0 ? n.toLocaleString('en-US') : '–';
}

export function formatTime(ms: number): string {
  if (!(ms > 0)) return '–';
  const d = new Date(ms);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A status pill: `ok`, `error`, … (the class is chosen from a fixed list, never from data). */
export function statusBadge(status: string): HTMLElement {
  const known = ['ok', 'error', 'unset', 'timeout', 'cancelled'].includes(status) ? status : 'unset';
  return h('span', { class: `status status-${known}` }, status);
}

/** Fetches JSON from the viewer's own API. */
export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
  return (await res.json()) as T;
}
