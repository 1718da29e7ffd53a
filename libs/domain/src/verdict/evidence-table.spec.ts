import { EvidenceRef } from './verdict.types';
import { EncodedEvidence, EvidenceTable } from './evidence-table';

const uuid = (i: number) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-${(i * 7919).toString(16).padStart(12, '0')}`;
const refOf = (i: number, type = 'CertificationIssued'): EvidenceRef => ({ eventId: uuid(i), position: `${1000 + i}.${i}`, type });
/** References a packed table cannot hold as numbers and bytes: kept whole. */
const ODD: readonly EvidenceRef[] = [
  { eventId: 'not-a-uuid', position: '1.1', type: 'ModelRegistered' },
  { eventId: uuid(1).toUpperCase(), position: '1.2', type: 'ModelRegistered' },
  { eventId: uuid(2), position: '9007199254740993.1', type: 'ModelRegistered' },
  { eventId: uuid(3), position: '007.1', type: 'ModelRegistered' },
  { eventId: uuid(4), position: '7', type: 'ModelRegistered' },
];

const through = (e: EncodedEvidence) => JSON.parse(JSON.stringify(e)) as unknown;

describe('EvidenceTable (packed evidence references)', () => {
  it('gives back every reference exactly as added, packed or kept whole', () => {
    const table = new EvidenceTable();
    const added = [...Array.from({ length: 300 }, (_, i) => refOf(i, i % 3 ? 'CertificationIssued' : 'WeightsRelocated')), ...ODD, refOf(301)];
    const indexes = added.map((r) => table.add(r));
    expect(indexes).toEqual(added.map((_, i) => i));
    expect(table.size).toBe(added.length);
    indexes.forEach((i) => expect(table.ref(i)).toEqual(added[i]));
  });

  it('refuses an index it never handed out', () => {
    const table = new EvidenceTable();
    table.add(refOf(1));
    for (const bad of [1, -1, 0.5, NaN]) expect(() => table.ref(bad)).toThrow('VERDICT_FACTS.BAD_REF');
  });

  it('round-trips through JSON in pieces, numbering types as the writer did', () => {
    const table = new EvidenceTable();
    const added = [refOf(0, 'A'), ...ODD, ...Array.from({ length: 50 }, (_, i) => refOf(i + 10, `T${i % 5}`))];
    added.forEach((r) => table.add(r));
    const copy = new EvidenceTable();
    for (let from = 0; from < table.size; from += 7) copy.restore(through(table.encode(from, Math.min(table.size, from + 7))));
    expect(copy.size).toBe(table.size);
    added.forEach((r, i) => expect(copy.ref(i)).toEqual(r));
    // A restored table goes on numbering after what it read.
    expect(copy.add(refOf(999))).toBe(added.length);
  });

  it('refuses a piece that does not continue it, or is garbled (a corrupt snapshot)', () => {
    const table = new EvidenceTable();
    Array.from({ length: 10 }, (_, i) => table.add(refOf(i)));
    Array.from({ length: 2 }, (_, i) => table.add(ODD[i]));
    const good = table.encode(0) as unknown as Record<string, unknown>;
    const garbled: unknown[] = [
      null,
      'x',
      { ...good, from: 3 },
      { ...good, count: 11 },
      { ...good, count: -1 },
      { ...good, ids: 'AAAA' },
      { ...good, tx: 42 },
      { ...good, types: Buffer.from(new Uint8Array(12).fill(200)).toString('base64') },
      { ...good, names: 'CertificationIssued' },
      { ...good, odd: [[99, ODD[0]]] },
      { ...good, odd: [[10, { eventId: 1 }]] },
    ];
    for (const bad of garbled) expect(() => new EvidenceTable().restore(bad)).toThrow('VERDICT_FACTS.BAD_EVIDENCE');
    expect(() => table.encode(5, 20)).toThrow('VERDICT_FACTS.BAD_REF');
  });

  it('over a base table: indices below the base resolve there, its own after them', () => {
    const base = new EvidenceTable();
    base.add(refOf(1));
    base.add(refOf(2));
    const over = new EvidenceTable(base);
    expect(over.add(refOf(3))).toBe(2);
    expect([0, 1, 2].map((i) => over.ref(i))).toEqual([refOf(1), refOf(2), refOf(3)]);
    expect(over.size).toBe(3);
    expect(base.size).toBe(2);
  });
});
