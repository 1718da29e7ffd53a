/**
 * What other features (signed credentials, the offline verifier's proof bundles) may rely on from the
 * transparency log. The Nest module exports the `TransparencyLog` class under this same name; inject it by
 * class. Kept small and stable on purpose: everything here is in the formats of RFC 9162 and C2SP.
 */

/** The latest C2SP tlog-checkpoint the registry signed (a C2SP signed-note). */
export interface SignedCheckpoint {
  /** The checkpoint's origin line, e.g. `hk-ai-registry.example/log` (LOG_ORIGIN). */
  readonly origin: string;
  /** Number of leaves (events) the checkpoint commits to. */
  readonly treeSize: number;
  /** RFC 9162 Merkle tree head (SHA-256) of the first `treeSize` leaves, standard base64. */
  readonly rootHash: string;
  /** The whole signed note text: checkpoint body, blank line, signature lines, each ending in "\n". */
  readonly note: string;
  /** Key id of the signature, 8 lowercase hex digits (C2SP signed-note key id). */
  readonly keyId: string;
  /** When the registry signed it. */
  readonly issuedAt: Date;
}

/** RFC 9162 §2.1.3 inclusion proof: the audit path of `leafIndex` in the tree of `treeSize` leaves. */
export interface InclusionProof {
  readonly leafIndex: number;
  readonly treeSize: number;
  /** Sibling hashes from the leaf up, standard base64 of 32 bytes each. */
  readonly hashes: string[];
}

/** RFC 9162 §2.1.4 consistency proof between two tree sizes. */
export interface ConsistencyProof {
  readonly first: number;
  readonly second: number;
  /** Standard base64 of 32 bytes each. */
  readonly hashes: string[];
}

export interface TransparencyLogPort {
  /** The latest signed checkpoint, or null before the first one was signed (empty log). */
  latestCheckpoint(): Promise<SignedCheckpoint | null>;
  /** 0-based leaf index of an event (its place in the global log), or null if the tree has not reached it. */
  leafIndexOf(eventId: string): Promise<number | null>;
  /**
   * Inclusion proof for `leafIndex` in the tree of `treeSize` leaves; throws a RegistryError (BAD_USER_INPUT /
   * NOT_FOUND) if `leafIndex >= treeSize` or the tree has fewer than `treeSize` leaves.
   */
  inclusionProof(leafIndex: number, treeSize: number): Promise<InclusionProof>;
  /** Consistency proof from tree size `first` to `second` (0 < first <= second <= tree size). */
  consistencyProof(first: number, second: number): Promise<ConsistencyProof>;
}
