import { HASH_SIZE } from './merkle';

/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint) note text: origin, tree size (decimal, no leading
 * zeroes), base64 root hash, optional extension lines; every line ends in "\n".
 */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly extensions?: readonly string[];
}

export const formatCheckpoint = (c: Checkpoint): string => {
  if (!c.origin || /[\n]/.test(c.origin)) throw new TypeError('checkpoint origin must be one non-empty line');
  if (!Number.isSafeInteger(c.size) || c.size < 0) throw new TypeError('checkpoint size must be a whole number ≥ 0');
  if (c.rootHash.length !== HASH_SIZE) throw new TypeError('checkpoint root hash must be 32 bytes');
  for (const line of c.extensions ?? []) if (!line || line.includes('\n')) throw new TypeError('checkpoint extension lines must be non-empty single lines');
  return [c.origin, String(c.size), Buffer.from(c.rootHash).toString('base64'), ...(c.extensions ?? [])].map((l) => `${l}\n`).join('');
};

export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

export const parseCheckpoint = (text: string): Checkpoint => {
  if (!text.endsWith('\n')) throw new CheckpointError('checkpoint text must end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new CheckpointError('checkpoint needs an origin, a tree size and a root hash');
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (!origin) throw new CheckpointError('checkpoint origin is empty');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText))
    throw new CheckpointError(`checkpoint tree size ${JSON.stringify(sizeText)} is not a decimal number without leading zeroes`);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw new CheckpointError('checkpoint tree size is too large');
  if (!/^[A-Za-z0-9+/]{43}=$/.test(rootText)) throw new CheckpointError('checkpoint root hash is not the base64 of 32 bytes');
  if (extensions.some((l) => l === '')) throw new CheckpointError('checkpoint extension lines must be non-empty');
  return { origin, size, rootHash: new Uint8Array(Buffer.from(rootText, 'base64')), extensions };
};
