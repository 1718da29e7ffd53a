import { createHash, createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/**
 * C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 signatures (signature type 0x01), and the
 * key encodings of golang.org/x/mod/sumdb/note that the C2SP ecosystem shares:
 *
 * - verifier key: `<name>+<key id, 8 hex>+<base64(0x01 || 32-byte public key)>`
 * - signer key:   `PRIVATE+KEY+<name>+<key id, 8 hex>+<base64(0x01 || 32-byte seed)>`
 *
 * key id = SHA-256(name || 0x0A || 0x01 || public key)[:4], big-endian.
 */

export const ED25519_TYPE = 0x01;

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Key names must be non-empty with no Unicode spaces and no '+'. */
export const isValidKeyName = (name: string): boolean => name.length > 0 && !/[\s+\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u.test(name);

const checkName = (name: string) => {
  if (!isValidKeyName(name)) throw new TypeError(`invalid signed-note key name ${JSON.stringify(name)}: non-empty, no spaces, no '+'`);
};

/** The 4-byte key id of an Ed25519 key, as 8 lowercase hex digits. */
export const ed25519KeyId = (name: string, publicKey: Uint8Array): string => {
  checkName(name);
  if (publicKey.length !== 32) throw new TypeError('an Ed25519 public key is 32 bytes');
  return createHash('sha256').update(name, 'utf8').update(Uint8Array.of(0x0a, ED25519_TYPE)).update(publicKey).digest().subarray(0, 4).toString('hex');
};

export interface NoteSigner {
  readonly name: string;
  readonly keyId: string;
  readonly publicKey: Uint8Array;
  readonly privateKey: KeyObject;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: string;
  readonly publicKey: Uint8Array;
}

export const ed25519PrivateKeyFromSeed = (seed: Uint8Array): KeyObject => {
  if (seed.length !== 32) throw new TypeError('an Ed25519 seed is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
};

export const ed25519PublicKeyBytes = (key: KeyObject): Uint8Array => {
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || !jwk.x) throw new TypeError('not an Ed25519 key');
  return new Uint8Array(Buffer.from(jwk.x, 'base64url'));
};

/** The 32-byte seed of an Ed25519 private key (what the signer-key string carries). */
export const ed25519Seed = (key: KeyObject): Uint8Array => {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || !jwk.d) throw new TypeError('not an Ed25519 private key');
  return new Uint8Array(Buffer.from(jwk.d, 'base64url'));
};

const publicKeyObject = (publicKey: Uint8Array): KeyObject =>
  createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });

export const noteSigner = (name: string, privateKey: KeyObject): NoteSigner => {
  const publicKey = ed25519PublicKeyBytes(privateKey);
  return { name, keyId: ed25519KeyId(name, publicKey), publicKey, privateKey };
};

export const verifierOf = (signer: NoteVerifier): NoteVerifier => ({ name: signer.name, keyId: signer.keyId, publicKey: signer.publicKey });

export const formatVerifierKey = (v: NoteVerifier): string =>
  `${v.name}+${v.keyId}+${Buffer.concat([Uint8Array.of(ED25519_TYPE), v.publicKey]).toString('base64')}`;

export const formatSignerKey = (s: NoteSigner): string =>
  `PRIVATE+KEY+${s.name}+${s.keyId}+${Buffer.concat([Uint8Array.of(ED25519_TYPE), ed25519Seed(s.privateKey)]).toString('base64')}`;

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const decodeBase64 = (text: string): Buffer | undefined => (STRICT_BASE64.test(text) ? Buffer.from(text, 'base64') : undefined);

/** Splits `<name>+<hex id>+<base64 key>`; the base64 part may itself contain '+'. */
const splitKey = (text: string, what: string): { name: string; keyId: string; key: Buffer } => {
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) throw new TypeError(`malformed ${what}: expected <name>+<key id>+<key>`);
  const name = text.slice(0, first);
  const keyId = text.slice(first + 1, second);
  const key = decodeBase64(text.slice(second + 1));
  checkName(name);
  if (!/^[0-9a-f]{8}$/.test(keyId)) throw new TypeError(`malformed ${what}: key id must be 8 lowercase hex digits`);
  if (!key || key.length !== 33 || key[0] !== ED25519_TYPE) throw new TypeError(`malformed ${what}: expected base64 of 0x01 followed by 32 bytes (Ed25519)`);
  return { name, keyId, key: key.subarray(1) };
};

export const parseVerifierKey = (text: string): NoteVerifier => {
  const { name, keyId, key } = splitKey(text, 'verifier key');
  if (ed25519KeyId(name, key) !== keyId) throw new TypeError('malformed verifier key: key id does not match the name and key');
  return { name, keyId, publicKey: new Uint8Array(key) };
};

export const parseSignerKey = (text: string): NoteSigner => {
  if (!text.startsWith('PRIVATE+KEY+')) throw new TypeError('malformed signer key: expected PRIVATE+KEY+<name>+<key id>+<key>');
  const { name, keyId, key } = splitKey(text.slice('PRIVATE+KEY+'.length), 'signer key');
  const signer = noteSigner(name, ed25519PrivateKeyFromSeed(key));
  if (signer.keyId !== keyId) throw new TypeError('malformed signer key: key id does not match the name and key');
  return signer;
};

// In a /u regex, \p{Cs} only matches surrogates that are not part of a pair, i.e. what UTF-8 cannot encode.
const isWellFormed = (text: string): boolean => !/\p{Cs}/u.test(text);

/** Valid note text: UTF-8 (any JS string without lone surrogates), ends in "\n", no control characters but "\n". */
const checkText = (text: string) => {
  if (!text.endsWith('\n')) throw new TypeError('note text must end in a newline');
  if (!isWellFormed(text)) throw new TypeError('note text must be valid UTF-8');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) throw new TypeError('note text must not contain control characters other than newline');
};

/** Signs `text` (which must end in "\n") with each signer: text, blank line, one signature line per signer. */
export const signNote = (text: string, signers: readonly NoteSigner[]): string => {
  checkText(text);
  if (signers.length === 0) throw new TypeError('a signed note needs at least one signature');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((s) => {
    checkName(s.name);
    const signature = sign(null, message, s.privateKey);
    return `\u2014 ${s.name} ${Buffer.concat([Buffer.from(s.keyId, 'hex'), signature]).toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
};

export interface NoteSignature {
  readonly name: string;
  readonly keyId: string;
  /** The raw signature bytes (after the 4-byte key id). */
  readonly signature: Uint8Array;
}

export interface ParsedNote {
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** Signatures beyond this many are refused (the spec asks verifiers to accept at least 16). */
export const MAX_SIGNATURES = 100;

export class NoteError extends Error {
  constructor(
    readonly reason: 'MALFORMED' | 'UNVERIFIED' | 'INVALID_SIGNATURE',
    message: string,
  ) {
    super(message);
    this.name = 'NoteError';
  }
}

/** Parses a signed note without verifying it; throws NoteError('MALFORMED') if it is not one. */
export const parseNote = (note: string): ParsedNote => {
  if (!isWellFormed(note)) throw new NoteError('MALFORMED', 'note is not valid UTF-8');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) throw new NoteError('MALFORMED', 'note contains control characters other than newline');
  if (!note.endsWith('\n')) throw new NoteError('MALFORMED', 'note does not end in a newline');
  // The text is separated from the signatures by the LAST empty line.
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('MALFORMED', 'note has no blank line before its signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError('MALFORMED', `note has more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line, i) => {
    const m = /^\u2014 (\S+) (\S+)$/u.exec(line);
    const bytes = m ? decodeBase64(m[2]) : undefined;
    if (!m || !bytes || bytes.length < 5 || !isValidKeyName(m[1])) throw new NoteError('MALFORMED', `signature line ${i + 1} is malformed`);
    return { name: m[1], keyId: bytes.subarray(0, 4).toString('hex'), signature: new Uint8Array(bytes.subarray(4)) };
  });
  return { text, signatures };
};

/**
 * Opens a signed note: returns its text and the known keys that signed it. Signatures from unknown keys
 * (name and key id not both known) are ignored; a known key whose signature fails rejects the whole note
 * (INVALID_SIGNATURE); no verified signature from a known key rejects it too (UNVERIFIED).
 */
export const openNote = (note: string, verifiers: readonly NoteVerifier[]): { text: string; verifiedBy: NoteVerifier[] } => {
  const parsed = parseNote(note);
  const message = Buffer.from(parsed.text, 'utf8');
  const verifiedBy: NoteVerifier[] = [];
  for (const sig of parsed.signatures) {
    const known = verifiers.find((v) => v.name === sig.name && v.keyId === sig.keyId);
    if (!known) continue;
    if (sig.signature.length !== 64 || !verify(null, message, publicKeyObject(known.publicKey), sig.signature))
      throw new NoteError('INVALID_SIGNATURE', `signature by ${sig.name}+${sig.keyId} does not verify`);
    if (!verifiedBy.includes(known)) verifiedBy.push(known);
  }
  if (verifiedBy.length === 0) throw new NoteError('UNVERIFIED', 'note has no signature from a known key');
  return { text: parsed.text, verifiedBy };
};
