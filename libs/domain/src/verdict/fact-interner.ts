/**
 * Shares equal values between the facts held in memory: a registry's events repeat themselves (the same
 * instants, digests recorded again by the next event of the version, the same requirement results in every
 * certification of a framework version), and each event decoded from the store carries its own copies. The
 * interner hands out one instance per equal string, per equal array of plain values, and per evidence
 * reference (by event id), so the live facts keep one.
 *
 * Bounded: each table is dropped when it reaches its size and starts again, so it costs a fixed amount of memory
 * and still catches the repeats that matter (close together in the log). Shared arrays are frozen: facts are
 * never mutated (VerdictFactsBuilder replaces values), and a reader that tried would fail loudly instead of
 * changing another fact.
 */
export class FactInterner {
  private readonly strings = new Map<string, string>();
  private readonly arrays = new Map<string, readonly unknown[]>();
  private readonly refs = new Map<string, object>();

  constructor(private readonly size = 20_000) {}

  /**
   * `value`, made of shared parts: strings, flat arrays and evidence references already seen are replaced by
   * the instance seen first. Works in place (objects and arrays of `value` are updated, not copied): pass only
   * values nobody else holds, such as an event just decoded from the store or a snapshot chunk just parsed.
   */
  value<T>(value: T): T {
    return this.walk(value) as T;
  }

  /** Forgets every shared value (what is already shared stays shared): after a bring-up, its tables hold nothing a later event needs. */
  clear(): void {
    this.strings.clear();
    this.arrays.clear();
    this.refs.clear();
  }

  string(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    if (this.strings.size >= this.size) this.strings.clear();
    this.strings.set(s, s);
    return s;
  }

  private walk(v: unknown): unknown {
    if (typeof v === 'string') return this.string(v);
    if (Array.isArray(v)) return this.array(v);
    if (v !== null && typeof v === 'object' && !(v instanceof Map)) return this.object(v as Record<string, unknown>);
    return v;
  }

  private array(items: unknown[]): readonly unknown[] {
    if (Object.isFrozen(items)) return items;
    // Only short arrays of primitives or flat records (requirement results, use cases) are shared by content. One that
    // may be such (its first item is flat) is looked up by its content first: an equal one already shared is returned
    // without walking its items (most of a certification's strings are in its results).
    const candidate = items.length > 0 && items.length <= 64 && isFlat(items[0]);
    const key = candidate ? JSON.stringify(items) : undefined;
    if (key !== undefined) {
      const known = this.arrays.get(key);
      if (known) return known;
    }
    let flat = candidate;
    for (let i = 0; i < items.length; i++) {
      const x = (items[i] = this.walk(items[i]));
      if (flat && !isFlat(x)) flat = false;
    }
    if (!flat || key === undefined) return items;
    if (this.arrays.size >= this.size) this.arrays.clear();
    Object.freeze(items);
    this.arrays.set(key, items);
    return items;
  }

  private object(v: Record<string, unknown>): object {
    const isRef = typeof v.eventId === 'string' && typeof v.position === 'string' && typeof v.type === 'string' && Object.keys(v).length === 3;
    if (isRef) {
      const known = this.refs.get(v.eventId as string);
      if (known) return known;
    }
    if (Object.isFrozen(v)) return v;
    for (const key of Object.keys(v)) v[key] = this.walk(v[key]);
    if (isRef) {
      if (this.refs.size >= this.size) this.refs.clear();
      this.refs.set(v.eventId as string, v);
    }
    return v;
  }
}

const isPrimitive = (x: unknown) => x === null || (typeof x !== 'object' && typeof x !== 'function');

/** A primitive, or a record of primitives that is not an evidence reference. */
const isFlat = (x: unknown): boolean =>
  isPrimitive(x) || (x !== null && typeof x === 'object' && !Array.isArray(x) && !('eventId' in x) && Object.values(x).every(isPrimitive));
