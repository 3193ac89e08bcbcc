/**
 * DNS-rebinding guard: a page on evil.example whose name is re-pointed at 127.0.0.1 reaches
 * this server with `Host: evil.example`. Only loopback names (and the address the user chose
 * to bind, when it is not a wildcard) are answered.
 */

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/** The host part of a Host header, lower-cased, brackets kept for IPv6 (`[::1]`). */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end === -1 ? h : h.slice(0, end + 1);
  }
  const colon = h.indexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

/** True for `localhost`, `*.localhost`, 127.0.0.0/8 and `[::1]`. */
export function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name.endsWith('.localhost') || name === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** Whether a request with this Host header may be answered by a server bound to `boundHost`. */
export function isAllowedHost(header: string | undefined, boundHost: string): boolean {
  if (header === undefined || header === '') return false;
  const name = hostName(header);
  if (isLoopbackName(name)) return true;
  const bound = boundHost.toLowerCase();
  if (WILDCARDS.has(bound)) return false;
  return name === bound || name === `[${bound}]`;
}
