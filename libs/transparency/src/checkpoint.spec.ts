import { CheckpointError, formatCheckpoint, parseCheckpoint } from './checkpoint';

// The example of c2sp.org/tlog-checkpoint (the note text, above its signature line).
const SPEC_EXAMPLE = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

describe('C2SP tlog-checkpoint', () => {
  it('parses the spec example and writes it back byte for byte', () => {
    const c = parseCheckpoint(SPEC_EXAMPLE);
    expect(c).toMatchObject({ origin: 'example.com/behind-the-sofa', size: 20852163, extensions: [] });
    expect(Buffer.from(c.rootHash).toString('base64')).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    expect(formatCheckpoint(c)).toBe(SPEC_EXAMPLE);
  });

  it('keeps extension lines and writes the empty tree as 0', () => {
    const text = formatCheckpoint({ origin: 'o', size: 0, rootHash: new Uint8Array(32), extensions: ['ext one'] });
    expect(text).toBe('o\n0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\next one\n');
    expect(parseCheckpoint(text).extensions).toEqual(['ext one']);
  });

  it('refuses malformed checkpoints', () => {
    for (const bad of [
      'example.com/x\n20852163\n', // no root
      'example.com/x\n020852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n', // leading zero
      'example.com/x\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
      'example.com/x\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n', // not 32 bytes
      '\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n', // empty origin
      'example.com/x\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n', // empty extension line
      'example.com/x\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', // no final newline
      'example.com/x\n99999999999999999999\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n', // beyond 2^53
    ])
      expect(() => parseCheckpoint(bad)).toThrow(CheckpointError);
    expect(() => formatCheckpoint({ origin: '', size: 1, rootHash: new Uint8Array(32) })).toThrow(TypeError);
    expect(() => formatCheckpoint({ origin: 'o', size: 1.5, rootHash: new Uint8Array(32) })).toThrow(TypeError);
    expect(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: new Uint8Array(31) })).toThrow(TypeError);
  });
});
