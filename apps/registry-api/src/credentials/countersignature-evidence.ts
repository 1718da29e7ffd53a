import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, formatPosition, LogPosition } from '@registry/event-store';
import {
  Countersignature,
  EquivalenceCountersigned,
  EquivalenceProposed,
  equivalenceStreamId,
  RegulatorKeyRegistered,
  regulatorKeyDecider,
  regulatorKeyStreamId,
} from '@registry/domain';
import { fold } from '@registry/kernel';
import { countersignatureContent, countersignaturePayload } from '@registry/verifier';
import { RelyingEvent } from './log-anchor';

/**
 * VC 2.0 `evidence` entry carrying a foreign regulator's countersignature of an equivalence a verdict relies on:
 * the terms it signed (`signedPayload`, the JWS payload), the detached JWS, and the
 * registered public key with the window in which it could sign. A verifier checks the JWS itself, offline.
 * `jws` is null for a countersignature written before countersignatures were signatures: the registry then
 * recorded the regulator's authenticated act only, and nothing can be checked without trusting it.
 */
export interface CountersignatureEvidence {
  readonly type: 'EquivalenceCountersignature';
  readonly equivalenceId: string;
  readonly jurisdiction: string;
  readonly countersignedAt: string;
  readonly eventId: string;
  /**
   * The JWS payload itself: the RFC 8785 JSON of the terms signed. A string, not an object, so it is carried
   * byte for byte (and VC validators do not read its condition ids as credential identifiers).
   */
  readonly signedPayload: string;
  readonly jws: string | null;
  readonly regulatorKey: {
    readonly keyId: string;
    readonly alg: string;
    readonly jwk: Record<string, string>;
    readonly validFrom: string;
    readonly validUntil: string | null;
    /** The RegulatorKeyRegistered event: in the transparency log, so the key's registration is provable too. */
    readonly eventId: string;
  } | null;
}

/** Finds, as the log stood at `knownAt`, the countersignature of each equivalence and the key that verified it. */
@Injectable()
export class CountersignatureEvidenceReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async of(equivalenceIds: readonly string[], knownAt: LogPosition | undefined): Promise<{ entries: CountersignatureEvidence[]; relied: RelyingEvent[] }> {
    const entries: CountersignatureEvidence[] = [];
    const relied: RelyingEvent[] = [];
    for (const equivalenceId of [...new Set(equivalenceIds)].sort()) {
      const streamId = equivalenceStreamId(equivalenceId);
      const { events } = await this.store.readStream(streamId, knownAt ? { knownAt } : {});
      const proposed = events.find((e) => e.type === 'EquivalenceProposed');
      const signed = events.find((e) => e.type === 'EquivalenceCountersigned');
      if (!proposed || !signed) continue;
      const proposal = proposed.data as EquivalenceProposed['data'];
      const data = signed.data as EquivalenceCountersigned['data'];
      const countersignature: Countersignature | undefined = data.countersignature;
      relied.push({ eventId: signed.eventId, type: signed.type, position: formatPosition(signed.position), streamId });
      const regulatorKey = countersignature ? await this.keyOf(data.jurisdiction, countersignature.keyId, knownAt, relied) : null;
      entries.push({
        type: 'EquivalenceCountersignature',
        equivalenceId,
        jurisdiction: data.jurisdiction,
        countersignedAt: data.countersignedAt,
        eventId: signed.eventId,
        signedPayload: countersignaturePayload(countersignatureContent(proposal)),
        jws: countersignature?.jws ?? null,
        regulatorKey,
      });
    }
    return { entries, relied };
  }

  private async keyOf(
    jurisdiction: string,
    keyId: string,
    knownAt: LogPosition | undefined,
    relied: RelyingEvent[],
  ): Promise<CountersignatureEvidence['regulatorKey']> {
    const streamId = regulatorKeyStreamId(jurisdiction);
    const { events } = await this.store.readStream(streamId, knownAt ? { knownAt } : {});
    const state = fold(
      regulatorKeyDecider,
      events.map((e) => ({ type: e.type, data: e.data }) as never),
    );
    const key = state.status === 'KEYS' ? state.keys.find((k) => k.keyId === keyId) : undefined;
    const registration = events.find((e) => e.type === 'RegulatorKeyRegistered' && (e.data as RegulatorKeyRegistered['data']).keyId === keyId);
    if (!key || !registration) return null;
    relied.push({ eventId: registration.eventId, type: registration.type, position: formatPosition(registration.position), streamId });
    return { keyId, alg: key.alg, jwk: { ...key.jwk }, validFrom: key.validFrom, validUntil: key.validUntil, eventId: registration.eventId };
  }
}
