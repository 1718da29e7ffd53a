import { createHash } from 'node:crypto';
import { checkDisclosure, commitmentSalt, commitTo, EventLike, hashLeaf } from '@registry/transparency';
import { ANONYMOUS_HIDDEN_METADATA, RESTRICTED_EVENT_FIELDS } from '../auth/visibility';
import { logEntryBytesOf, logEntryWithDisclosures, logLeafHashOf } from './entry-commitments';

const KEY = new Uint8Array(32).fill(7);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

const eventOf = (type: string, data: Record<string, unknown>, id = '0b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3'): EventLike => ({
  eventId: id,
  streamId: 'stream-1',
  streamVersion: 3,
  type,
  schemaVersion: 1,
  data,
  metadata: {
    actor: { subject: 'SECRET-SUBJECT-alice@example.hk', role: 'FIRM', scope: 'firm-1' },
    issuedAt: '2026-01-02T03:04:05.000Z',
    correlationId: 'SECRET-CORRELATION-1',
    causationId: 'SECRET-CAUSATION-1',
  },
  position: { transactionId: 10n, globalPosition: 42n },
});

// Every restricted field of auth/visibility.ts, by iteration: a field added there is covered here at once.
const cases = Object.entries(RESTRICTED_EVENT_FIELDS).flatMap(([type, fields]) => fields.map((field) => [type, field] as const));

describe('log entry format 2 (salted commitments)', () => {
  it('covers every restricted field the visibility rules list', () => {
    expect(cases.length).toBe(Object.values(RESTRICTED_EVENT_FIELDS).flat().length);
    expect(cases.length).toBeGreaterThan(5);
  });

  it.each(cases)('%s.%s: no restricted value, no hidden metadata; the commitment opens with the disclosed salt only', (type, field) => {
    const secret = `SECRET-${type}-${field}`;
    const values: unknown[] = [secret, { nested: secret, n: 1 }];
    for (const value of values) {
      const event = eventOf(type, { firmId: 'firm-1', [field]: value, visible: 'public-value' });
      const bytes = logEntryBytesOf(event, KEY);
      const json = text(bytes);
      expect(json).not.toContain('SECRET');
      expect(json).toContain('public-value');
      const entry = JSON.parse(json) as { format: number; data: Record<string, string>; metadata: Record<string, unknown> };
      expect(entry.format).toBe(2);
      expect(entry.data[field]).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(entry.metadata).toMatchObject({ issuedAt: '2026-01-02T03:04:05.000Z', actor: { role: 'FIRM', scope: 'firm-1' } });
      // The leaf is the RFC 9162 leaf hash of exactly these bytes.
      expect(Buffer.from(logLeafHashOf(event, KEY))).toEqual(Buffer.from(hashLeaf(bytes)));
      expect(Buffer.from(logLeafHashOf(event, KEY))).toEqual(
        createHash('sha256')
          .update(Buffer.concat([Buffer.from([0]), Buffer.from(bytes)]))
          .digest(),
      );

      const { disclosures } = logEntryWithDisclosures(event, KEY);
      const d = disclosures.find((x) => x.path === `/data/${field}`)!;
      expect(d.value).toEqual(value);
      expect(d.salt).toBe(Buffer.from(commitmentSalt(KEY, event.eventId, `/data/${field}`)).toString('hex'));
      expect(entry.data[field]).toBe(commitTo(Buffer.from(d.salt, 'hex'), value));
      expect(checkDisclosure(json, d)).toBe(true);
      expect(checkDisclosure(json, { ...d, value: 'another value' })).toBe(false);
      expect(checkDisclosure(json, { ...d, salt: 'ab'.repeat(32) })).toBe(false);
      expect(checkDisclosure(json, { ...d, path: '/data/visible' })).toBe(false);
    }
  });

  it('hides the subject, correlation and causation ids of every event, and discloses them', () => {
    const event = eventOf('FirmRegistered', { name: 'Acme' });
    const json = text(logEntryBytesOf(event, KEY));
    expect(json).not.toContain('SECRET');
    const { disclosures } = logEntryWithDisclosures(event, KEY);
    const paths = ANONYMOUS_HIDDEN_METADATA.map((p) => `/metadata/${p.join('/')}`);
    expect(disclosures.map((d) => d.path).sort()).toEqual([...paths].sort());
    for (const d of disclosures) expect(checkDisclosure(json, d)).toBe(true);
  });

  it('salts per event and per path: equal values commit differently, and another key gives other commitments', () => {
    const a = JSON.parse(text(logEntryBytesOf(eventOf('WeightsRelocated', { facility: 'same', custodian: 'same' }), KEY)));
    const b = JSON.parse(text(logEntryBytesOf(eventOf('WeightsRelocated', { facility: 'same' }, '1b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3'), KEY)));
    const c = JSON.parse(text(logEntryBytesOf(eventOf('WeightsRelocated', { facility: 'same', custodian: 'same' }), new Uint8Array(32))));
    expect(a.data.facility).not.toBe(a.data.custodian);
    expect(a.data.facility).not.toBe(b.data.facility);
    expect(a.data.facility).not.toBe(c.data.facility);
    // An absent field stays absent (the entry says nothing it does not have).
    expect(b.data).not.toHaveProperty('custodian');
  });

  it('leaves an event without restricted fields readable, and is deterministic', () => {
    const event = eventOf('CertificationRevoked', { reason: 'expired' });
    expect(text(logEntryBytesOf(event, KEY))).toBe(text(logEntryBytesOf(event, KEY)));
    expect(JSON.parse(text(logEntryBytesOf(event, KEY))).data).toEqual({ reason: 'expired' });
  });
});
