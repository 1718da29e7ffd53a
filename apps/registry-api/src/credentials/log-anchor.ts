import { Inject, Injectable, Optional } from '@nestjs/common';
import { parsePosition } from '@registry/event-store';
import { ProjectionRunner } from '@registry/projections';
import type { SignedCheckpoint, TransparencyLogPort } from '../transparency/transparency-log';
import { CREDENTIAL_TRANSPARENCY_LOG } from './credentials.tokens';

/** An event a credential relies on. */
export interface RelyingEvent {
  readonly eventId: string;
  readonly type: string;
  /** Log position, `"<transactionId>.<globalPosition>"`. */
  readonly position: string;
  readonly streamId?: string;
}

/** VC 2.0 `evidence` entry naming one event of the registry's log. */
export interface LogEventEvidence {
  readonly type: 'RegistryLogEvent';
  readonly eventId: string;
  readonly eventType: string;
  readonly logPosition: string;
  readonly stream?: string;
  /** The event's leaf index in the transparency log's Merkle tree; null until the tree has reached it. */
  readonly leafIndex: number | null;
}

/**
 * Where the credential's facts sit in the log: the position it was built at and the latest signed
 * checkpoint. `checkpointStatus` says, explicitly, whether that checkpoint includes every event named in
 * `evidence` (INCLUDED), was signed before some of them (PENDING: ask again after the next checkpoint), or
 * whether no checkpoint exists (NO_CHECKPOINT: nothing is invented in its place).
 */
export interface RegistryLogAnchor {
  readonly knownAt: string;
  readonly checkpointStatus: 'INCLUDED' | 'PENDING' | 'NO_CHECKPOINT';
  readonly checkpoint: { readonly origin: string; readonly treeSize: number; readonly rootHash: string; readonly keyId: string; readonly note: string } | null;
}

@Injectable()
export class LogAnchors {
  constructor(
    private readonly projections: ProjectionRunner,
    @Optional() @Inject(CREDENTIAL_TRANSPARENCY_LOG) private readonly log?: TransparencyLogPort,
  ) {}

  async anchor(events: readonly RelyingEvent[], knownAt: string): Promise<{ evidence: LogEventEvidence[]; registryLog: RegistryLogAnchor }> {
    const unique = [...new Map(events.map((e) => [e.eventId, e])).values()];
    // The Merkle tree is a read model: once it has reached knownAt every event named has its leaf. Commands do
    // not wait for it (a background projection), so wait for every projection here, the tree included.
    const position = parsePosition(knownAt);
    if (this.log && position) await this.projections.waitFor(position, undefined, 'all');
    const checkpoint: SignedCheckpoint | null = this.log ? await this.log.latestCheckpoint() : null;
    const evidence: LogEventEvidence[] = [];
    for (const e of unique) {
      const leafIndex = this.log ? await this.log.leafIndexOf(e.eventId) : null;
      evidence.push({
        type: 'RegistryLogEvent',
        eventId: e.eventId,
        eventType: e.type,
        logPosition: e.position,
        ...(e.streamId ? { stream: e.streamId } : {}),
        leafIndex,
      });
    }
    if (!checkpoint) return { evidence, registryLog: { knownAt, checkpointStatus: 'NO_CHECKPOINT', checkpoint: null } };
    const included = evidence.every((e) => e.leafIndex !== null && e.leafIndex < checkpoint.treeSize);
    return {
      evidence,
      registryLog: {
        knownAt,
        checkpointStatus: included ? 'INCLUDED' : 'PENDING',
        checkpoint: { origin: checkpoint.origin, treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, keyId: checkpoint.keyId, note: checkpoint.note },
      },
    };
  }
}
