import fc from 'fast-check';
import { parseStreamName, STREAM_CATEGORIES, streamName } from './stream-name';

// Ids drawn from the characters that matter: the old separator, the new one, the escape, and id characters.
const id = fc.string({ unit: fc.constantFrom('a', 'b', '-', '/', '%', '.', '_', '1', 'é'), minLength: 0, maxLength: 8 });
const name = fc.record({ category: fc.constantFrom(...STREAM_CATEGORIES), parts: fc.array(id, { minLength: 1, maxLength: 3 }) });

describe('stream names', () => {
  it('never give one name to two different (category, ids)', () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        const same = a.category === b.category && JSON.stringify(a.parts) === JSON.stringify(b.parts);
        expect(streamName(a.category, ...a.parts) === streamName(b.category, ...b.parts)).toBe(same);
      }),
      { numRuns: 5000 },
    );
  });

  it('read back as the category and ids they were built from', () => {
    fc.assert(fc.property(name, ({ category, parts }) => expect(parseStreamName(streamName(category, ...parts))).toEqual({ category, parts })));
  });

  it('tell apart the ids that joining with "-" confused (the localisation squatting attack)', () => {
    expect(streamName('localisation', 'pearl', 'chat-1.0')).not.toBe(streamName('localisation', 'pearl-chat', '1.0'));
  });

  it('leave one-part names of plain ids as they were', () => expect(streamName('model', 'pearl-chat')).toBe('model-pearl-chat'));
});
