import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { verifyCheckpoint } from '@sigstore/verify/dist/tlog/checkpoint';
import {
  ed25519KeyId,
  formatSignerKey,
  formatVerifierKey,
  noteSigner,
  NoteError,
  openNote,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifierOf,
} from './note';
import { formatCheckpoint } from './checkpoint';

// golang.org/x/mod/sumdb/note (note.go package doc and note_test.go): the reference implementation the
// C2SP signed-note spec was written from. Ed25519 is deterministic, so signing the same text with the same
// seed must give these exact bytes.
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_NOTE = `${PETER_TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
// transparency-dev/formats note tests: a verifier key whose base64 contains '+'.
const PLUS_VKEY = 'TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6';

const freshSigner = (name: string) => noteSigner(name, generateKeyPairSync('ed25519').privateKey);

describe('C2SP signed-note keys', () => {
  it('parses the reference verifier and signer keys and derives the same key id', () => {
    const v = parseVerifierKey(PETER_VKEY);
    expect(v).toMatchObject({ name: 'PeterNeumann', keyId: 'c74f20a3' });
    expect(ed25519KeyId('PeterNeumann', v.publicKey)).toBe('c74f20a3');
    const s = parseSignerKey(PETER_SKEY);
    expect(Buffer.from(s.publicKey)).toEqual(Buffer.from(v.publicKey));
    expect(formatVerifierKey(verifierOf(s))).toBe(PETER_VKEY);
    expect(formatSignerKey(s)).toBe(PETER_SKEY);
    expect(parseVerifierKey(PLUS_VKEY)).toMatchObject({ name: 'TEST', keyId: '7997405c' });
  });

  it('refuses malformed keys', () => {
    for (const bad of [
      'PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', // wrong key id
      'PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', // id must be lowercase hex
      'Peter+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', // name does not match the id
      'PeterNeumann+c74f20a3+Apc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', // not 0x01 || 32 bytes
      'PeterNeumann+c74f20a3', // no key
      '+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW', // empty name
    ])
      expect(() => parseVerifierKey(bad)).toThrow(TypeError);
    expect(() => parseSignerKey(PETER_VKEY)).toThrow(TypeError);
    expect(() => parseSignerKey(PETER_SKEY.replace('c74f20a3', 'c74f20a4'))).toThrow(TypeError);
    expect(() => noteSigner('has space', generateKeyPairSync('ed25519').privateKey)).toThrow(TypeError);
    expect(() => noteSigner('has+plus', generateKeyPairSync('ed25519').privateKey)).toThrow(TypeError);
  });
});

describe('C2SP signed-note signing and opening', () => {
  it('signs the reference text byte for byte like the Go implementation', () => {
    expect(signNote(PETER_TEXT, [parseSignerKey(PETER_SKEY)])).toBe(PETER_NOTE);
  });

  it('opens the reference note with the reference verifier key, and refuses it altered', () => {
    const v = parseVerifierKey(PETER_VKEY);
    expect(openNote(PETER_NOTE, [v])).toEqual({ text: PETER_TEXT, verifiedBy: [v] });
    expect(() => openNote(PETER_NOTE.replace('cryptography', 'cryptographY'), [v])).toThrow(expect.objectContaining({ reason: 'INVALID_SIGNATURE' }));
  });

  it('ignores unknown keys (same name other id, or same id other name) and needs one known signature', () => {
    const peter = parseVerifierKey(PETER_VKEY);
    const other = freshSigner('PeterNeumann');
    expect(() => openNote(PETER_NOTE, [verifierOf(other)])).toThrow(expect.objectContaining({ reason: 'UNVERIFIED' }));
    expect(() => openNote(PETER_NOTE, [{ ...peter, name: 'Someone' }])).toThrow(expect.objectContaining({ reason: 'UNVERIFIED' }));
    // A second signature by an unknown key does not stop the known one from verifying.
    const cosigned = signNote(PETER_TEXT, [parseSignerKey(PETER_SKEY), other]);
    expect(openNote(cosigned, [peter]).verifiedBy).toEqual([peter]);
    expect(openNote(cosigned, [peter, verifierOf(other)]).verifiedBy).toHaveLength(2);
  });

  it('rejects a note whose known key signature was forged with another key under the same name and id', () => {
    const real = freshSigner('example.com/log');
    const forger = { ...freshSigner('example.com/log'), keyId: real.keyId };
    const forged = signNote('hello\n', [forger]);
    expect(() => openNote(forged, [verifierOf(real)])).toThrow(expect.objectContaining({ reason: 'INVALID_SIGNATURE' }));
  });

  it('refuses malformed notes and texts', () => {
    const v = parseVerifierKey(PETER_VKEY);
    for (const bad of [
      PETER_TEXT, // no signatures
      PETER_NOTE.slice(0, -1), // no final newline
      PETER_NOTE.replace('\u2014', '-'), // not an em dash
      PETER_NOTE.replace('x08go', 'x08g!'), // not base64
      `${PETER_TEXT}\n\u2014 PeterNeumann AAAA\n`, // too short for key id + signature
      PETER_NOTE.replace('answer', 'ans\twer'), // control character
    ])
      expect(() => openNote(bad, [v])).toThrow(NoteError);
    expect(() => signNote('no newline', [freshSigner('a')])).toThrow(TypeError);
    expect(() => signNote('tab\there\n', [freshSigner('a')])).toThrow(TypeError);
    expect(() => signNote('x\n', [])).toThrow(TypeError);
  });

  it('separates text and signatures at the last blank line (text may contain blank lines)', () => {
    const s = freshSigner('example.com/a');
    const text = 'first\n\nthird\n';
    const note = signNote(text, [s]);
    expect(parseNote(note).text).toBe(text);
    expect(openNote(note, [verifierOf(s)]).text).toBe(text);
  });

  it('round-trips any valid text (property)', () => {
    const s = freshSigner('example.com/prop');
    const line = fc.string({ unit: 'grapheme', maxLength: 20 }).filter((l) => !/[\u0000-\u001f]/.test(l));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
        const text = `${lines.join('\n')}\n`;
        const note = signNote(text, [s]);
        expect(openNote(note, [verifierOf(s)]).text).toBe(text);
      }),
      { numRuns: 100 },
    );
  });
});

describe('interop: @sigstore/verify opens our signed checkpoints', () => {
  it('verifies the signature and reads origin, size and root of a checkpoint we signed', () => {
    const signer = freshSigner('hk-ai-registry.example/log');
    const rootHash = new Uint8Array(32).fill(7);
    const note = signNote(formatCheckpoint({ origin: signer.name, size: 42, rootHash }), [signer]);
    const tlog = {
      baseURL: 'https://hk-ai-registry.example/log',
      logID: Buffer.from(signer.keyId, 'hex'),
      publicKey: createPublicKey(signer.privateKey),
    };
    const entry = { inclusionProof: { checkpoint: { envelope: note } } };
    const checkpoint = verifyCheckpoint(entry as never, [tlog] as never);
    expect(checkpoint.origin).toBe('hk-ai-registry.example/log');
    expect(checkpoint.logSize).toBe(42n);
    expect(Buffer.from(checkpoint.logHash)).toEqual(Buffer.from(rootHash));
    const forged = note.replace('\n42\n', '\n43\n');
    expect(() => verifyCheckpoint({ inclusionProof: { checkpoint: { envelope: forged } } } as never, [tlog] as never)).toThrow(/signature/);
  });
});

describe('signed-note text encoding', () => {
  it('refuses text with a lone surrogate (not UTF-8) but takes paired ones', () => {
    const s = freshSigner('example.com/utf8');
    expect(() => signNote('broken \ud800\n', [s])).toThrow(TypeError);
    expect(openNote(signNote('emoji \ud83d\ude00\n', [s]), [verifierOf(s)]).text).toBe('emoji \ud83d\ude00\n');
  });
});
