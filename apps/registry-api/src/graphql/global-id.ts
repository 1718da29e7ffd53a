import { badInput } from '@registry/kernel';

/** The types that implement `Node`: entities clients cache and fetch again by global id. */
export const NODE_TYPES = ['Certification', 'Model', 'Firm', 'Equivalence', 'Framework', 'Certifier'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

const MAX_GLOBAL_ID = 400;
const MAX_KEY = 200;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A global id: the standard base64 (RFC 4648 §4) of `<Type>:<registry id>`. Opaque to clients. */
export const encodeGlobalId = (type: NodeType, key: string): string => Buffer.from(`${type}:${key}`, 'utf8').toString('base64');

const refuse = () => badInput('INPUT.INVALID_NODE_ID', 'id is not a global id this API handed out', { field: 'id' });

/**
 * The type and registry id inside a global id, or INPUT.INVALID_NODE_ID for anything this API did not hand out:
 * not canonical base64 (re-encoding must give back the same text, so no padding tricks or alternative alphabets),
 * not UTF-8, an unknown type, an empty, over-long or control-character key.
 */
export const decodeGlobalId = (id: string): { type: NodeType; key: string } => {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_GLOBAL_ID || !BASE64.test(id)) throw refuse();
  const text = Buffer.from(id, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 1) throw refuse();
  const type = text.slice(0, colon);
  const key = text.slice(colon + 1);
  if (!(NODE_TYPES as readonly string[]).includes(type)) throw refuse();
  // eslint-disable-next-line no-control-regex
  if (key.length === 0 || key.length > MAX_KEY || /[\u0000-\u001f\u007f\ufffd]/.test(key)) throw refuse();
  if (encodeGlobalId(type as NodeType, key) !== id) throw refuse();
  return { type: type as NodeType, key };
};
