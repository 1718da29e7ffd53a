/**
 * The event log of `npm run bench:scale`: a registry grown over ten months on top of the demo catalog, as its
 * deciders would have written it (payloads typed by the domain's own event union), generated lazily so that a
 * million events never sit in memory at once, and bulk-loaded into the store's table (the append path through
 * commands writes 30-60 events/s; it has its own benchmarks).
 *
 * Mix, per model (about 7.5 events and 2 versions each, so 1M events hold ~266k model versions):
 *   - a firm registers every 25 models (FIRM actor: registrar); the model (1, 2 or 3 versions, even models
 *     generative chatbots, odd ones lending models, every fifth certified on half the HK-AI requirements);
 *   - per version: ModelVersionRegistered, CertificationIssued by one of four accredited certifiers, a weights
 *     localisation for every second version;
 *   - later (about 2,000 models on, as renewals and suspensions come months after issue): 30% of the
 *     certifications renewed, 10% suspended (half of those reinstated), 10% scope-amended, 5% revoked; the
 *     first of three versions deprecated on every fourth model;
 *   - every fifth model records a GBA standard-contract transfer basis, one in fifty of those withdrawn.
 * The digests and ids are deterministic; event ids and command ids are random UUIDs, as the shell makes them.
 */
import { randomUUID } from 'node:crypto';
import {
  CATALOG_FRAMEWORKS,
  certificationStreamId,
  certifierStreamId,
  firmStreamId,
  localisationStreamId,
  modelStreamId,
  RegistryEvent,
  RegistryEventType,
  RequirementResult,
  transferBasisStreamId,
} from '@registry/domain';
import { Actor } from '@registry/kernel';
import { digest } from '../apps/registry-api/src/verdicts/testing/synthetic-log';

/** One event to write: its stream, the event as the domain types it, and who decided it when. */
export interface ScaleEvent {
  readonly stream: string;
  readonly event: RegistryEvent;
  readonly actor: Actor;
  readonly at: string;
}

const REGISTRAR: Actor = { subject: 'scale-registrar', role: 'REGISTRAR' };
const CERTIFIERS = ['scale-cb-1', 'scale-cb-2', 'scale-cb-3', 'scale-cb-4'];
const HK = CATALOG_FRAMEWORKS.find((f) => f.frameworkId === 'HK-AI')!;
const DAY = 86_400_000;
/** Registrations run from here, evenly, to END. */
const START = Date.parse('2026-02-01T00:00:00.000Z');
const END = Date.parse('2026-10-31T00:00:00.000Z');
/** Events per model, on average (measured from the generator; used only to spread time evenly). */
export const EVENTS_PER_MODEL = 7.5;
/** Lifecycle events come this many models after the model they concern. */
const LAG_MODELS = 2000;

const iso = (t: number) => new Date(t).toISOString();
const event = <T extends RegistryEventType>(type: T, data: Extract<RegistryEvent, { type: T }>['data']) => ({ type, data }) as RegistryEvent;

export const scaleModelId = (i: number) => `sm-${i}`;

/** Generates `target` events or a few more (a model's events are never split). */
export function* scaleEvents(target: number): Generator<ScaleEvent> {
  let written = 0;
  const models = Math.max(1, Math.ceil(target / EVENTS_PER_MODEL));
  const timeOf = (i: number) => START + Math.floor(((END - START) * Math.min(i, models)) / models);
  const emit = (stream: string, e: RegistryEvent, actor: Actor, at: number): ScaleEvent => {
    written++;
    return { stream, event: e, actor, at: iso(at) };
  };

  const t0 = START - 30 * DAY;
  for (const certifierId of CERTIFIERS)
    yield emit(
      certifierStreamId(certifierId),
      event('CertifierAccredited', {
        certifierId,
        name: `Scale certification body ${certifierId.slice(-1)}`,
        scope: { frameworkVersions: [HK.version], useCases: ['chatbot', 'content-generation', 'lending', 'hiring'] },
        validFrom: iso(t0),
        validUntil: '2030-01-01T00:00:00.000Z',
        accreditedAt: iso(t0),
      }),
      REGISTRAR,
      t0,
    );

  /** Lifecycle events waiting for their model index. */
  const later: { due: number; events: ScaleEvent[] }[] = [];
  for (let i = 0; written < target || later.length; i++) {
    while (later.length && (later[0].due <= i || written >= target)) for (const e of later.shift()!.events) yield e;
    if (written >= target) continue;
    const at = timeOf(i);
    const modelId = scaleModelId(i);
    const firmIndex = Math.floor(i / 25);
    const firmId = `sf-${firmIndex}`;
    const owner: Actor = { subject: `scale-${firmId}-admin`, role: 'FIRM', scope: firmId };
    if (i % 25 === 0)
      yield emit(
        firmStreamId(firmId),
        event('FirmRegistered', { firmId, name: `Scale firm ${firmIndex} Ltd`, jurisdiction: firmIndex % 3 === 2 ? 'CN' : 'HK', registeredAt: iso(at) }),
        REGISTRAR,
        at,
      );
    const generative = i % 2 === 0;
    yield emit(
      modelStreamId(modelId),
      event('ModelRegistered', { modelId, firmId, name: `Scale model ${i}`, kind: { generative, generalPurpose: false }, registeredAt: iso(at) }),
      owner,
      at,
    );
    const versions = 1 + (i % 3);
    const deferred: ScaleEvent[] = [];
    for (let v = 1; v <= versions; v++) {
      const version = String(v);
      const weights = digest(i * 4 + v);
      const vAt = at + v * 60_000;
      yield emit(modelStreamId(modelId), event('ModelVersionRegistered', { modelId, version, weightsDigest: weights, registeredAt: iso(vAt) }), owner, vAt);
      const certifierId = CERTIFIERS[(i + v) % CERTIFIERS.length];
      const certifier: Actor = { subject: `${certifierId}-auditor`, role: 'CERTIFIER', scope: certifierId };
      const certificationId = `sc-${i}-${v}`;
      const results: RequirementResult[] = HK.requirements.filter((_, k) => i % 5 !== 0 || k % 2 === 0).map((r) => ({ requirementId: r.id, result: 'PASS' }));
      const cAt = vAt + 7 * DAY;
      const useCases = generative ? ['chatbot', 'content-generation'] : ['lending'];
      yield emit(
        certificationStreamId(certificationId),
        event('CertificationIssued', {
          certificationId,
          certifierId,
          modelId,
          modelVersion: version,
          weightsDigest: weights,
          frameworkVersion: HK.version,
          scope: { useCases, riskTier: generative ? 'LIMITED' : 'HIGH' },
          results,
          auditReportDigest: digest(1_000_000_000 + i * 4 + v),
          validFrom: iso(cAt),
          validUntil: iso(cAt + 730 * DAY),
          issuedAt: iso(cAt),
        }),
        certifier,
        cAt,
      );
      if ((i + v) % 2 === 1) {
        const hostingJurisdiction = ['HK', 'CN', 'SG'][i % 3];
        yield emit(
          localisationStreamId(modelId, version),
          event('WeightsLocalisationRecorded', {
            modelId,
            version,
            weightsDigest: weights,
            digestMatchesVersion: true,
            hostingJurisdiction,
            facility: `${hostingJurisdiction} data centre ${i % 7}`,
            custodian: `${firmId} infrastructure team`,
            attestedBy: `Scale certification body ${certifierId.slice(-1)}`,
            recordedAt: iso(cAt + DAY),
          }),
          owner,
          cAt + DAY,
        );
      }
      // Months later: renewals, suspensions, amendments, revocations.
      const lAt = cAt + 20 * DAY;
      const stream = certificationStreamId(certificationId);
      const roll = (i * 7 + v * 3) % 20;
      if (roll < 6)
        deferred.push(emit(stream, event('CertificationRenewed', { certificationId, validUntil: iso(cAt + 1095 * DAY), renewedAt: iso(lAt) }), certifier, lAt));
      else if (roll < 8) {
        deferred.push(
          emit(stream, event('CertificationSuspended', { certificationId, reason: 'surveillance audit finding', suspendedAt: iso(lAt) }), certifier, lAt),
        );
        if (roll === 6)
          deferred.push(emit(stream, event('CertificationReinstated', { certificationId, reinstatedAt: iso(lAt + 5 * DAY) }), certifier, lAt + 5 * DAY));
      } else if (roll < 10) {
        const amended = generative ? ['chatbot'] : ['lending', 'hiring'];
        deferred.push(
          emit(
            stream,
            event('CertificationScopeAmended', {
              certificationId,
              scope: { useCases: amended, riskTier: generative ? 'LIMITED' : 'HIGH' },
              results,
              amendedAt: iso(lAt),
            }),
            certifier,
            lAt,
          ),
        );
      } else if (roll === 10)
        deferred.push(
          emit(
            stream,
            event('CertificationRevoked', { certificationId, reason: 'weights changed without recertification', revokedAt: iso(lAt) }),
            certifier,
            lAt,
          ),
        );
    }
    if (versions === 3 && i % 4 === 0)
      deferred.push(
        emit(
          modelStreamId(modelId),
          event('ModelVersionDeprecated', { modelId, version: '1', reason: 'superseded by version 3', deprecatedAt: iso(at + 25 * DAY) }),
          owner,
          at + 25 * DAY,
        ),
      );
    if (i % 5 === 0) {
      const basisId = `tb-${i}`;
      yield emit(
        transferBasisStreamId(basisId),
        event('DataTransferBasisRecorded', {
          basisId,
          modelId,
          originJurisdiction: 'CN',
          destinationJurisdiction: 'HK',
          mechanism: 'GBA_STANDARD_CONTRACT',
          filingReference: `GBA-SC-${2026}-${i}`,
          filingDate: iso(at - 10 * DAY),
          dataScope: 'customer service transcripts (names, contact details)',
          recordedAt: iso(at),
        }),
        owner,
        at,
      );
      if (i % 250 === 0)
        deferred.push(
          emit(
            transferBasisStreamId(basisId),
            event('DataTransferBasisWithdrawn', { basisId, modelId, reason: 'contract terminated', withdrawnAt: iso(at + 30 * DAY) }),
            owner,
            at + 30 * DAY,
          ),
        );
    }
    // `emit` counted the deferred events already: they will be written, later in the log.
    if (deferred.length) later.push({ due: i + LAG_MODELS, events: deferred });
  }
}

/** The row es_events stores for one generated event (metadata as the command shell writes it). */
export const scaleRow = (e: ScaleEvent, streamVersion: number, correlationId: string) => ({
  stream_id: e.stream,
  stream_version: streamVersion,
  event_id: randomUUID(),
  type: e.event.type,
  data: e.event.data,
  metadata: { actor: e.actor, issuedAt: e.at, commandId: randomUUID(), causationId: null, correlationId, idempotencyKey: null },
  schema_version: 1,
});
