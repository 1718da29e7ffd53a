import { FactInterner } from './fact-interner';

describe('FactInterner', () => {
  it('shares equal strings, flat arrays and evidence references, leaving values equal', () => {
    const interner = new FactInterner();
    const make = () => ({
      at: ['2026-01-01T00:00:00.000Z'].join(''),
      results: [{ requirementId: 'HK-AI-01', result: 'PASS' }],
      ref: { eventId: 'e1', position: '1.1', type: 'CertificationIssued' },
      nested: { refs: [{ eventId: 'e1', position: '1.1', type: 'CertificationIssued' }] },
    });
    const a = interner.value(make());
    const b = interner.value(make());
    expect(b).toEqual(make());
    expect(b.results).toBe(a.results);
    expect(Object.isFrozen(a.results)).toBe(true);
    expect(b.ref).toBe(a.ref);
    expect(b.nested.refs[0]).toBe(a.ref);
    // An array holding references is not shared by content (it is the fact's own list), nor one that holds one past
    // a flat first item; its strings and references are shared all the same.
    expect(b.nested.refs).not.toBe(a.nested.refs);
    const mixed = () => ({ list: ['2026-01-01T00:00:00.000Z'.slice(0), { eventId: 'e1', position: '1.1', type: 'CertificationIssued' }] });
    const m1 = interner.value(mixed());
    const m2 = interner.value(mixed());
    expect(m2.list).not.toBe(m1.list);
    expect(Object.isFrozen(m2.list)).toBe(false);
    expect(m2.list[1]).toBe(a.ref);
    expect(m2).toEqual(mixed());
  });

  it('keeps maps and non-flat arrays as they are, and forgets its tables at their size (bounded memory)', () => {
    const interner = new FactInterner(2);
    const m = new Map([['k', 1]]);
    expect(interner.value({ m }).m).toBe(m);
    const first = interner.value({ r: [1, 2] }).r;
    interner.value({ r: [3] });
    interner.value({ r: [4] }); // the table was full: cleared, then [4] remembered
    expect(interner.value({ r: [1, 2] }).r).not.toBe(first);
  });
});
