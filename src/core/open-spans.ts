/** Spans started since the last sweep are held strongly; this many starts trigger a sweep. */
const SWEEP_EVERY = 1024;

/** What the set needs of a span: whether it ended, and a field it keeps the span's slot in. */
export interface OpenSpanEntry {
  readonly ended: boolean;
  /** The span's index among the young entries, -1 when none (set by `OpenSpans` only). */
  _openSlot?: number;
}

/**
 * The recording spans of a tracer that have not ended, so a crash can end them (see
 * `endOpenSpans`). Most spans end within moments, so each is first held in a slot of a plain
 * array (a store to add, a store to delete: no hashing, no allocation; a Set cost about 0.1 µs
 * per span, most of it shrinking and rehashing as it went from one entry to none). A span still
 * open at the next sweep moves to a `WeakRef`: a span its caller abandoned without ending it can
 * then be collected as before, instead of being kept (with its attributes) by this set. A
 * `WeakRef` for every span would cost about 1 µs each.
 */
export class OpenSpans<T extends OpenSpanEntry> {
  /** Started since the last sweep, in start order; an ended span's slot is cleared. */
  private readonly _young: (T | undefined)[] = new Array<T | undefined>(SWEEP_EVERY).fill(undefined);
  private _next = 0;
  private readonly _old = new Set<WeakRef<T>>();

  add(span: T): void {
    const slot = this._next++;
    this._young[slot] = span;
    span._openSlot = slot;
    if (this._next >= SWEEP_EVERY) this._sweep();
  }

  /** Forgets an ended span (one in the weak set goes at the next sweep). */
  delete(span: T): void {
    const slot = span._openSlot;
    if (slot === undefined || slot < 0) return;
    if (this._young[slot] === span) this._young[slot] = undefined;
    span._openSlot = -1;
  }

  /** The spans still open, oldest first. */
  list(): T[] {
    const out: T[] = [];
    for (const ref of this._old) {
      const span = ref.deref();
      if (span !== undefined && !span.ended) out.push(span);
    }
    for (let i = 0; i < this._next; i++) {
      const span = this._young[i];
      if (span !== undefined && !span.ended) out.push(span);
    }
    return out;
  }

  private _sweep(): void {
    for (const ref of this._old) {
      const span = ref.deref();
      if (span === undefined || span.ended) this._old.delete(ref);
    }
    for (let i = 0; i < this._next; i++) {
      const span = this._young[i];
      if (span === undefined) continue;
      this._young[i] = undefined;
      span._openSlot = -1;
      if (!span.ended) this._old.add(new WeakRef(span));
    }
    this._next = 0;
  }
}
