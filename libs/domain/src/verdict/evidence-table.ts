import { EvidenceRef } from './verdict.types';

/**
 * A fact's evidence reference as the facts hold it: an index into their `EvidenceTable`. A number costs nothing
 * beyond its slot, where an `EvidenceRef` object with its two strings took ≈ 130 bytes, and the references were
 * half of the verdict facts' memory (docs/notes/verdict-memory.md).
 */
export type FactRef = number;

/** How the facts resolve their references: `ref(i)` is the `EvidenceRef` that `add` was given for `i`. */
export interface EvidenceLookup {
  ref(i: FactRef): EvidenceRef;
  /** References handed out so far (every index below it resolves). */
  readonly size: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const POSITION = /^(0|[1-9]\d{0,15})\.(0|[1-9]\d{0,15})$/;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const DASH = 0x2d;
/** The value of a lower-case hex digit's char code ('0'-'9' is 48-57, 'a'-'f' is 97-102). */
const nibble = (code: number): number => (code <= 57 ? code - 48 : code - 87);
/** Type names one table can number; a table meeting more keeps the others whole (never in practice: ~40 event types). */
const MAX_TYPES = 255;

/**
 * The evidence references of the facts, packed: per reference a UUID event id as 16 bytes, the log position as two
 * doubles (`<transactionId>.<globalPosition>`, both below 2^53 in any real log) and the event type as a number,
 * ≈ 33 bytes in typed arrays outside the JS heap's object graph. A reference that does not fit (an event id that
 * is not a lower-case UUID, a position beyond 2^53) is kept whole, aside. Append-only: an index, once handed out,
 * means the same reference for the table's life, so builders forked from one another share a table.
 *
 * A table may sit over a `base` table it does not own (a `knownAt` cut's facts over the cached registry-wide
 * facts): indices below the base's size at construction resolve there.
 */
export class EvidenceTable implements EvidenceLookup {
  private ids = new Uint8Array(0);
  private tx = new Float64Array(0);
  private gp = new Float64Array(0);
  private types = new Uint8Array(0);
  private readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();
  private readonly odd = new Map<number, EvidenceRef>();
  private length = 0;
  private readonly offset: number;

  constructor(private readonly base?: EvidenceLookup) {
    this.offset = base?.size ?? 0;
  }

  /** References handed out (the next index is this one). */
  get size(): number {
    return this.offset + this.length;
  }

  add(ref: EvidenceRef): FactRef {
    const i = this.length;
    this.grow(i + 1);
    this.length++;
    const position = POSITION.exec(ref.position);
    const type = this.typeIndex(ref.type);
    if (!UUID.test(ref.eventId) || !position || type < 0 || !isSafe(position[1]) || !isSafe(position[2])) {
      this.odd.set(i, { eventId: ref.eventId, position: ref.position, type: ref.type });
      return this.offset + i;
    }
    const id = ref.eventId;
    // Two hex digits per byte, skipping the dashes (the id matched UUID above: every digit is 0-9 or a-f).
    for (let b = 0, c = 0; b < 16; b++, c += 2) {
      if (id.charCodeAt(c) === DASH) c++;
      this.ids[i * 16 + b] = (nibble(id.charCodeAt(c)) << 4) | nibble(id.charCodeAt(c + 1));
    }
    this.tx[i] = Number(position[1]);
    this.gp[i] = Number(position[2]);
    this.types[i] = type;
    return this.offset + i;
  }

  ref(index: FactRef): EvidenceRef {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new Error('VERDICT_FACTS.BAD_REF');
    if (index < this.offset) return this.base!.ref(index);
    const i = index - this.offset;
    const odd = this.odd.get(i);
    if (odd) return { ...odd };
    let hex = '';
    for (let b = 0; b < 16; b++) hex += HEX[this.ids[i * 16 + b]];
    const eventId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    return { eventId, position: `${this.tx[i]}.${this.gp[i]}`, type: this.names[this.types[i]] };
  }

  /**
   * This table's own references from `from` (an index of this table) on, as one JSON-ready value (typed arrays
   * as base64, little-endian as the machine writes them); `restore` reads it back into a table of `from` entries.
   */
  encode(from: number, to = this.size): EncodedEvidence {
    const [a, b] = [from - this.offset, to - this.offset];
    if (a < 0 || b > this.length || a > b) throw new Error('VERDICT_FACTS.BAD_REF');
    const bytes = (x: ArrayBufferView, width: number) => Buffer.from(x.buffer, x.byteOffset + a * width, (b - a) * width).toString('base64');
    return {
      from,
      count: b - a,
      names: [...this.names],
      ids: bytes(this.ids, 16),
      tx: bytes(this.tx, 8),
      gp: bytes(this.gp, 8),
      types: bytes(this.types, 1),
      odd: [...this.odd].filter(([i]) => i >= a && i < b).map(([i, r]) => [i + this.offset, r]),
    };
  }

  /** Appends what `encode` wrote; throws unless it continues this table exactly (a corrupt snapshot). */
  restore(value: unknown): void {
    const e = value as EncodedEvidence;
    if (
      typeof e !== 'object' ||
      e === null ||
      e.from !== this.size ||
      !Number.isInteger(e.count) ||
      e.count < 0 ||
      !Array.isArray(e.names) ||
      !Array.isArray(e.odd)
    )
      throw new Error('VERDICT_FACTS.BAD_EVIDENCE');
    const decode = (text: unknown, width: number): Buffer => {
      const buffer = typeof text === 'string' ? Buffer.from(text, 'base64') : Buffer.alloc(0);
      if (buffer.length !== e.count * width) throw new Error('VERDICT_FACTS.BAD_EVIDENCE');
      return buffer;
    };
    const [ids, tx, gp, types] = [decode(e.ids, 16), decode(e.tx, 8), decode(e.gp, 8), decode(e.types, 1)];
    const names = e.names.map((n) => (typeof n === 'string' ? n : ''));
    // The writer's names in its order: a table restored from its start numbers types as the writer did.
    for (const name of names) this.typeIndex(name);
    const i = this.length;
    this.grow(i + e.count);
    this.ids.set(ids, i * 16);
    new Uint8Array(this.tx.buffer).set(tx, i * 8);
    new Uint8Array(this.gp.buffer).set(gp, i * 8);
    // Type numbers are the writer's: map them onto this table's names.
    for (let k = 0; k < e.count; k++) {
      const name = names[types[k]];
      if (name === undefined) throw new Error('VERDICT_FACTS.BAD_EVIDENCE');
      this.types[i + k] = Math.max(0, this.typeIndex(name));
    }
    for (const entry of e.odd) {
      const [at, ref] = entry as [unknown, EvidenceRef];
      if (
        typeof at !== 'number' ||
        at < this.size ||
        at >= this.size + e.count ||
        typeof ref?.eventId !== 'string' ||
        typeof ref.position !== 'string' ||
        typeof ref.type !== 'string'
      )
        throw new Error('VERDICT_FACTS.BAD_EVIDENCE');
      this.odd.set(at - this.offset, { eventId: ref.eventId, position: ref.position, type: ref.type });
    }
    this.length += e.count;
  }

  private typeIndex(name: string): number {
    const known = this.nameIndex.get(name);
    if (known !== undefined) return known;
    if (this.names.length >= MAX_TYPES) return -1;
    this.names.push(name);
    this.nameIndex.set(name, this.names.length - 1);
    return this.names.length - 1;
  }

  private grow(needed: number): void {
    if (needed <= this.tx.length) return;
    const capacity = Math.max(needed, Math.min(this.tx.length * 2 || 64, this.tx.length + (1 << 20)));
    const resize = <T extends Uint8Array | Float64Array>(from: T, make: (n: number) => T, width: number): T => {
      const to = make(capacity * width);
      to.set(from);
      return to;
    };
    this.ids = resize(this.ids, (n) => new Uint8Array(n), 16);
    this.tx = resize(this.tx, (n) => new Float64Array(n), 1);
    this.gp = resize(this.gp, (n) => new Float64Array(n), 1);
    this.types = resize(this.types, (n) => new Uint8Array(n), 1);
  }
}

/** What `EvidenceTable.encode` writes. */
export interface EncodedEvidence {
  readonly from: number;
  readonly count: number;
  readonly names: readonly string[];
  readonly ids: string;
  readonly tx: string;
  readonly gp: string;
  readonly types: string;
  readonly odd: readonly (readonly [number, EvidenceRef])[];
}

const isSafe = (digits: string) => Number.isSafeInteger(Number(digits));
