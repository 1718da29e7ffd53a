import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ExportReadinessInput } from '../verdicts/export-readiness.input';
import { ExportReadinessResolver } from '../verdicts/export-readiness.resolver';
import { VerdictService } from '../verdicts/verdict.service';
import { CredentialSigner, SignedCredential } from './credential-signer';
import { VC_V2_CONTEXT } from './credentials.tokens';
import { LogAnchors, RelyingEvent } from './log-anchor';
import { CountersignatureEvidenceReader } from './countersignature-evidence';
import { parsePosition } from '@registry/event-store';

/**
 * `exportReadinessCredential`: the `exportReadiness` answer, signed. It is computed by the very resolver
 * code of the `exportReadiness` query (same VerdictService, same mapping), so the credential's lines are
 * the query's lines; nothing is judged here. `knownAt` is pinned to the position the verdict was computed at,
 * so anyone can ask `exportReadiness` with it and get this answer again. The credential is valid from
 * `asOf` to the verdict's `validUntil` (open-ended when the verdict names none).
 */
@Injectable()
export class ExportReadinessCredentialService {
  private readonly query: ExportReadinessResolver;

  constructor(
    verdicts: VerdictService,
    private readonly signer: CredentialSigner,
    private readonly anchors: LogAnchors,
    private readonly countersignatures: CountersignatureEvidenceReader,
  ) {
    this.query = new ExportReadinessResolver(verdicts);
  }

  async issue(input: ExportReadinessInput, now = new Date()): Promise<SignedCredential> {
    const answer = await this.query.exportReadiness({ ...input, asOf: input.asOf ?? now } as ExportReadinessInput);
    // JSON round trip: Dates become RFC 3339 strings, as the GraphQL answer serialises them.
    const verdict = JSON.parse(JSON.stringify(answer)) as Record<string, unknown> & { computedAt: string; asOf: string; validUntil: string | null };
    const refs: RelyingEvent[] = [...answer.lines.flatMap((l) => l.evidence), ...answer.integrity.flatMap((f) => f.evidence)].map((e) => ({
      eventId: e.eventId,
      type: e.type,
      position: typeof e.position === 'string' ? e.position : String(e.position),
    }));
    // The foreign regulators' own signatures on the equivalences a line stands on (SATISFIED or CONDITIONAL through one).
    const relying = answer.lines
      .filter((l) => l.via?.equivalenceId && (l.status === 'SATISFIED' || l.status === 'CONDITIONAL'))
      .map((l) => l.via!.equivalenceId!);
    const countersignatures = await this.countersignatures.of(relying, parsePosition(verdict.computedAt));
    const { evidence, registryLog } = await this.anchors.anchor([...refs, ...countersignatures.relied], verdict.computedAt);
    return this.signer.sign(
      {
        '@context': [VC_V2_CONTEXT],
        id: `urn:uuid:${randomUUID()}`,
        type: ['VerifiableCredential', 'HkAiExportReadinessCredential'],
        issuer: this.signer.issuerUrl,
        name: 'HK-AI export-readiness verdict',
        validFrom: verdict.asOf,
        ...(verdict.validUntil ? { validUntil: verdict.validUntil } : {}),
        credentialSubject: { type: 'ExportReadinessVerdict', ...verdict, knownAt: verdict.computedAt },
        evidence: [...evidence, ...countersignatures.entries],
        registryLog,
      },
      now,
    );
  }
}
