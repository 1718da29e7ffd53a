import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore, formatPosition } from '@registry/event-store';
import { conflict } from '@registry/kernel';
import { SandboxErrors, SandboxRunCompleted, sandboxRunStreamId } from '@registry/domain';
import { CredentialSigner, SignedCredential } from '../credentials/credential-signer';
import { VC_V2_CONTEXT } from '../credentials/credentials.tokens';
import { LogAnchors } from '../credentials/log-anchor';

/**
 * The "sandbox seal": a W3C VC 2.0 (VC-JOSE-COSE, signed by the registry's credential key, as every other
 * credential here) stating that one model version's exact weights passed one suite version, with every
 * threshold check, anchored to the run's events in the transparency log. It states a past fact and has no
 * validUntil: whether the pass still counts (a newer failing run, a newer suite version) is the verdict's question.
 */
@Injectable()
export class SandboxSealService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly signer: CredentialSigner,
    private readonly anchors: LogAnchors,
  ) {}

  async issue(runId: string, now = new Date()): Promise<SignedCredential> {
    const { events } = await this.store.readStream(sandboxRunStreamId(runId));
    if (events.length === 0) throw SandboxErrors.runNotFound(runId);
    const completed = events.find((e) => e.type === 'SandboxRunCompleted');
    const data = completed?.data as SandboxRunCompleted['data'] | undefined;
    if (!completed || !data?.passed)
      throw conflict('SANDBOX.RUN_NOT_PASSED', `Run ${runId} has not passed: only a passing run earns a sandbox seal.`, { runId });
    const knownAt = formatPosition(completed.position);
    const relied = events
      .filter((e) => e.type === 'SandboxRunRequested' || e === completed)
      .map((e) => ({ eventId: e.eventId, type: e.type, position: formatPosition(e.position), streamId: e.streamId }));
    const { evidence, registryLog } = await this.anchors.anchor(relied, knownAt);
    const { score, ...subject } = data;
    return this.signer.sign(
      {
        '@context': [VC_V2_CONTEXT],
        id: `urn:uuid:${randomUUID()}`,
        type: ['VerifiableCredential', 'HkAiSandboxSealCredential'],
        issuer: this.signer.issuerUrl,
        name: 'HK-AI sandbox seal',
        validFrom: data.completedAt,
        credentialSubject: { type: 'SandboxRunPassed', ...subject, rows: score.rows, checks: score.checks, knownAt },
        evidence,
        registryLog,
      },
      now,
    );
  }
}
