/** Spans started since the last sweep are held strongly; this many starts trigger a sweep. */
const SWEEP_EVERY = 1024;

/**
 * The recording spans of a tracer that have not ended, so a crash can end them (see
 * `endOpenSpans`). Most spans end within moments, so each is first held in a plain set (an add
 * and a delete, no allocation). A span still open at the next sweep moves to a `WeakRef`:
 * a span its caller abandoned without ending it can then be collected as before, instead of being
 * kept (with its attributes) by this set. A `WeakRef` for every span would cost about 1 µs each.
 */
export class OpenSpans<T extends { readonly ended: boolean }> {
  private readonly _young = new Set<T>();
  private readonly _old = new Set<WeakRef<T>>();
  private _starts = 0;

  add(span: T): void {
    this._young.add(span);
    if (++this._starts >= SWEEP_EVERY) this._sweep();
  }

  /** Forgets an ended span (one in the weak set goes at the next sweep). */
  delete(span: T): void {
    this._young.delete(span);
  }

  /** The spans still open, oldest first. */
  list(): T[] {
    const out: T[] = [];
    for (const ref of this._old) {
      const span = ref.deref();
      if (span !== undefined && !span.ended) out.push(span);
    }
    for (const span of this._young) if (!span.ended) out.push(span);
    return out;
  }

  private _sweep(): void {
    this._starts = 0;
    for (const ref of this._old) {
      const span = ref.deref();
      if (span === undefined || span.ended) this._old.delete(ref);
    }
    for (const span of this._young) this._old.add(new WeakRef(span));
    this._young.clear();
  }
}
