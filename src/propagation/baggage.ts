/**
 * W3C Baggage (https://www.w3.org/TR/baggage/): `key=value` pairs, percent-encoded values,
 * comma-separated, with properties after `;`. Bounded both ways: at most 64 entries and
 * 8192 bytes are read or written; anything malformed is skipped, never thrown.
 */

export const MAX_BAGGAGE_ENTRIES = 64;
export const MAX_BAGGAGE_BYTES = 8192;
// A single entry over this is dropped (the spec's limit is on the whole header; this keeps one id from eating it).
const MAX_ENTRY_BYTES = 4096;

/** A baggage key is an RFC 7230 token. */
const TOKEN_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** The entries of a `baggage` header (first value of a repeated key wins), or an empty map. */
export function parseBaggage(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value !== 'string' || value.length === 0) return out;
  // Read at most the bytes the spec says a receiver must accept; the rest is cut at an entry boundary below.
  const text = value.length > MAX_BAGGAGE_BYTES ? value.slice(0, MAX_BAGGAGE_BYTES) : value;
  const members = text.split(',');
  for (let i = 0; i < members.length && out.size < MAX_BAGGAGE_ENTRIES; i++) {
    // A member cut by the byte limit is incomplete: dropped.
    if (text !== value && i === members.length - 1) break;
    const member = members[i]!;
    const semi = member.indexOf(';');
    const pair = semi === -1 ? member : member.slice(0, semi);
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = pair.slice(0, eq).trim();
    const decoded = decode(pair.slice(eq + 1).trim());
    if (!TOKEN_RE.test(key) || decoded === undefined || out.has(key)) continue;
    out.set(key, decoded);
  }
  return out;
}

// Percent-encode everything outside the spec's baggage-octet set (and "%" itself).
function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A `baggage` header for `entries`, bounded to 64 entries and 8192 bytes; undefined when empty. */
export function formatBaggage(entries: ReadonlyMap<string, string>): string | undefined {
  const parts: string[] = [];
  let bytes = 0;
  for (const [key, value] of entries) {
    if (parts.length >= MAX_BAGGAGE_ENTRIES) break;
    if (!TOKEN_RE.test(key)) continue;
    const member = `${key}=${encodeValue(value)}`;
    if (member.length > MAX_ENTRY_BYTES) continue;
    const added = member.length + (parts.length === 0 ? 0 : 1);
    if (bytes + added > MAX_BAGGAGE_BYTES) continue;
    parts.push(member);
    bytes += added;
  }
  return parts.length === 0 ? undefined : parts.join(',');
}
