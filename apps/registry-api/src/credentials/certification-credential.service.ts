import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, formatPosition, RecordedEvent } from '@registry/event-store';
import { ProjectionRunner } from '@registry/projections';
import { conflict } from '@registry/kernel';
import {
  accreditationCovers,
  CertificationErrors,
  certificationStandingAt,
  certificationStreamId,
  certifierDecider,
  CertifierEvent,
  certifierStreamId,
  HK_AI,
  modelStreamId,
} from '@registry/domain';
import { fold } from '@registry/kernel';
import { CertificationContextService } from '../certifications/certification-context.service';
import { CredentialSigner, SignedCredential } from './credential-signer';
import { VC_V2_CONTEXT } from './credentials.tokens';
import { LogAnchors, RelyingEvent } from './log-anchor';
import { StatusListService } from './status-list.service';

const relying = (events: readonly RecordedEvent[]): RelyingEvent[] =>
  events.map((e) => ({ eventId: e.eventId, type: e.type, position: formatPosition(e.position), streamId: e.streamId }));

/**
 * `certificationCredential`: an HK-AI certification as a W3C VC 2.0 credential secured with VC-JOSE-COSE.
 * Built from the certification's stream (folded by CertificationContextService, the same fold as the
 * `certification` query) at one log position, with the certifier's accreditation and the model version's
 * registration read at that same position. Only an ACTIVE certification gets one: a credential says "holds
 * a valid certification", which a suspended, revoked or expired one does not; after issue, its status
 * travels through the status lists and its end through `validUntil`.
 * Restricted data (the audit-report digest) is never put in a credential, whoever asks: a credential is
 * meant to be passed on, and its reader's entitlement cannot be known.
 */
@Injectable()
export class CertificationCredentialService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly certifications: CertificationContextService,
    private readonly projections: ProjectionRunner,
    private readonly signer: CredentialSigner,
    private readonly statusLists: StatusListService,
    private readonly anchors: LogAnchors,
  ) {}

  async issue(certificationId: string, now = new Date()): Promise<SignedCredential> {
    const knownAt = await this.store.headPosition();
    const { state, firmId } = await this.certifications.certification(certificationId, knownAt);
    if (state.status === 'NONE') throw CertificationErrors.notFound(certificationId);
    const standing = certificationStandingAt(state, now.toISOString());
    if (standing !== 'ACTIVE')
      throw conflict(
        'CREDENTIAL.CERTIFICATION_NOT_ACTIVE',
        `Certification ${certificationId} is ${standing}; credentials are issued for ACTIVE certifications only.`,
        {
          certificationId,
          status: standing,
        },
      );
    const c = state.certification;

    const [certificationEvents, certifierEvents, modelEvents] = await Promise.all(
      [certificationStreamId(certificationId), certifierStreamId(c.certifierId), modelStreamId(c.modelId)].map(
        async (s) => (await this.store.readStream(s, { knownAt })).events,
      ),
    );
    const certifier = fold(
      certifierDecider,
      certifierEvents.map((e) => ({ type: e.type, data: e.data }) as CertifierEvent),
    );
    const versionRegistration = modelEvents.filter(
      (e) => e.type === 'ModelRegistered' || (e.type === 'ModelVersionRegistered' && (e.data as { version?: string }).version === c.modelVersion),
    );

    // The slot is allocated by the status projection; it has applied the issue once it reached knownAt.
    await this.projections.waitFor(knownAt);
    const slot = await this.statusLists.slotOf(certificationId);
    if (!slot) throw new Error(`credential-status projection has no slot for ${certificationId} at ${formatPosition(knownAt)}`);

    const { evidence, registryLog } = await this.anchors.anchor(
      relying([...certificationEvents, ...certifierEvents, ...versionRegistration]),
      formatPosition(knownAt),
    );
    const accreditation =
      certifier.status === 'NONE'
        ? null
        : {
            name: certifier.accreditation.name,
            status: certifier.status,
            scope: { frameworkVersions: [...certifier.accreditation.scope.frameworkVersions], useCases: [...certifier.accreditation.scope.useCases] },
            validFrom: certifier.accreditation.validFrom,
            validUntil: certifier.accreditation.validUntil,
            coveredCertificationAtIssue: accreditationCovers(certifier, c.frameworkVersion, c.scope.useCases, c.issuedAt),
          };
    return this.signer.sign(
      {
        '@context': [VC_V2_CONTEXT],
        id: `urn:uuid:${randomUUID()}`,
        type: ['VerifiableCredential', 'HkAiCertificationCredential'],
        issuer: this.signer.issuerUrl,
        name: 'HK-AI Standard certification',
        validFrom: c.validFrom,
        validUntil: c.validUntil,
        credentialSubject: {
          type: 'CertifiedModelVersion',
          modelId: c.modelId,
          modelVersion: c.modelVersion,
          firmId,
          weightsDigest: c.weightsDigest,
          certification: {
            id: c.certificationId,
            status: standing,
            framework: HK_AI,
            frameworkVersion: c.frameworkVersion,
            scope: { useCases: [...c.scope.useCases], riskTier: c.scope.riskTier },
            results: c.results.map((r) => ({ requirementId: r.requirementId, result: r.result })),
            validFrom: c.validFrom,
            validUntil: c.validUntil,
            issuedAt: c.issuedAt,
          },
          certifier: { id: c.certifierId, accreditation },
        },
        credentialStatus: this.statusLists.entries(slot),
        evidence,
        registryLog,
      },
      now,
    );
  }
}
