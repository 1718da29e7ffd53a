import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { entryBytes, leafHashOf, logEntryOf } from './entry';

const event = {
  eventId: '0b4c5f9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f',
  streamId: 'firm-acme',
  streamVersion: 3,
  type: 'FirmRegistered',
  schemaVersion: 1,
  data: { name: 'Acme Ltd — 香港', zeta: [1, 2.5, -0], alpha: { b: null, a: true, '\u20ac': 'euro', '\r': 'cr' } },
  metadata: { issuedAt: '2026-01-02T03:04:05.000Z', actor: { role: 'REGISTRAR', subject: 'reg-1' }, causationId: null },
  position: { transactionId: 7431n, globalPosition: 1052n },
};

describe('log entries', () => {
  it('are the RFC 8785 canonical JSON of the documented members', () => {
    // Written out by hand from RFC 8785 §3.2: members sorted by UTF-16 code units ("\r" < "a" < "b" < "€"),
    // -0 written as 0, 2.5 as 2.5, no whitespace, non-ASCII text as is.
    const expected =
      '{"data":{"alpha":{"\\r":"cr","a":true,"b":null,"€":"euro"},"name":"Acme Ltd — 香港","zeta":[1,2.5,0]},' +
      '"id":"0b4c5f9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f",' +
      '"metadata":{"actor":{"role":"REGISTRAR","subject":"reg-1"},"causationId":null,"issuedAt":"2026-01-02T03:04:05.000Z"},' +
      '"position":"7431.1052","schemaVersion":1,"stream":"firm-acme","type":"FirmRegistered","version":3}';
    expect(new TextDecoder().decode(entryBytes(logEntryOf(event)))).toBe(expected);
    const leaf = createHash('sha256')
      .update(Buffer.from([0]))
      .update(expected, 'utf8')
      .digest();
    expect(Buffer.from(leafHashOf(event))).toEqual(leaf);
  });

  it('do not depend on member order (jsonb reorders keys) and change with any member', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (data, metadata) => {
        const reordered = JSON.parse(JSON.stringify({ metadata, data }));
        const a = leafHashOf({ ...event, data, metadata });
        const b = leafHashOf({ ...event, data: reordered.data, metadata: reordered.metadata });
        expect(Buffer.from(a)).toEqual(Buffer.from(b));
      }),
      { numRuns: 100 },
    );
    const base = Buffer.from(leafHashOf(event));
    for (const changed of [
      { ...event, streamVersion: 4 },
      { ...event, type: 'FirmRenamed' },
      { ...event, schemaVersion: 2 },
      { ...event, streamId: 'firm-acme2' },
      { ...event, eventId: '0b4c5f9e-1d2a-4c3b-9e8f-7a6b5c4d3e30' },
      { ...event, position: { transactionId: 7431n, globalPosition: 1053n } },
      { ...event, data: { ...event.data, name: 'Acme' } },
      { ...event, metadata: { ...event.metadata, issuedAt: '2026-01-02T03:04:06.000Z' } },
    ])
      expect(Buffer.from(leafHashOf(changed))).not.toEqual(base);
  });

  it('refuse what JSON cannot carry', () => {
    expect(() => entryBytes(logEntryOf({ ...event, data: { x: Number.NaN } }))).toThrow();
    expect(() => entryBytes(logEntryOf({ ...event, data: { x: '\ud800' } }))).toThrow();
  });
});
