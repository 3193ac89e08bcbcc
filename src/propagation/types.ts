import type { UrlPattern } from './url-pattern.js';

export type { UrlPattern };

/** Which outgoing requests get trace headers. Both lists hold URL patterns (see `UrlPattern`). */
export interface OutgoingPropagationOptions {
  /** Only requests whose URL matches one of these (default: every request). */
  readonly include?: UrlPattern | readonly UrlPattern[];
  /** Never requests whose URL matches one of these; wins over `include`. */
  readonly exclude?: UrlPattern | readonly UrlPattern[];
}

/** W3C trace context propagation across processes. See docs/propagation.md. */
export interface PropagationOptions {
  /**
   * Add `traceparent`, `tracestate` and `baggage` to outgoing `fetch` and `http`/`https`
   * requests made while a span is active (default true). `false` turns it off; an object
   * narrows it to some URLs.
   */
  readonly outgoing?: boolean | OutgoingPropagationOptions;
}
