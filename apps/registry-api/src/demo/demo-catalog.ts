import { createHash, createPublicKey, KeyObject, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, LOG_START } from '@registry/event-store';
import { Actor, CommandMetadata, Decider, DomainEvent } from '@registry/kernel';
import {
  CATALOG_EQUIVALENCES,
  CATALOG_FRAMEWORKS,
  certifierDecider,
  certifierStreamId,
  equivalenceDecider,
  equivalenceStreamId,
  frameworkDecider,
  frameworkStreamId,
  localisationDecider,
  localisationStreamId,
  regulatorKeyDecider,
  regulatorKeyStreamId,
} from '@registry/domain';
import { ed25519PrivateKeyFromSeed } from '@registry/transparency';
import { countersignatureContent, regulatorPublicKey, RegulatorPublicKey, signCountersignature } from '@registry/verifier';
import { CountersignEquivalenceCommand } from '../equivalences/commands/countersign-equivalence/countersign-equivalence.command';
import { CommandShell } from '../infrastructure/command-shell';
import { RegisterFirmCommand } from '../firms/commands/register-firm/register-firm.command';
import { RegisterModelCommand } from '../models/commands/register-model/register-model.command';
import { RegisterModelVersionCommand } from '../models/commands/register-model-version/register-model-version.command';
import { IssueCertificationCommand } from '../certifications/commands/issue-certification/issue-certification.command';
import { RequirementOutcome, RiskTier } from '@registry/contract';
import { seedDemoPublicSector } from '../public-sector/demo-public-sector';
import { seedDemoProvenance } from '../provenance/demo-provenance';
import { seedDemoSandbox } from '../sandbox/sandbox.demo';
import { readSandboxSecret } from '../sandbox/sandbox-secret';
import { REGISTRY_CONFIG, RegistryConfig } from '../config/registry.config';

const REGISTRAR: Actor = { subject: 'demo-catalog', role: 'REGISTRAR' };
const regulatorOf = (jurisdiction: string): Actor => ({ subject: `demo-regulator-${jurisdiction.toLowerCase()}`, role: 'REGULATOR', scope: jurisdiction });
const firmActor = (firmId: string): Actor => ({ subject: `demo-${firmId}`, role: 'FIRM', scope: firmId });
const CERTIFIER_ID = 'hkcb-demo';
const CERTIFIER: Actor = { subject: CERTIFIER_ID, role: 'CERTIFIER', scope: CERTIFIER_ID };
/** Deterministic demo digests, so the README's queries name real values. */
export const demoDigest = (label: string) => `sha256:${createHash('sha256').update(label).digest('hex')}`;

const DEMO_FIRMS = [
  { firmId: 'cathay-vision', name: 'Cathay Vision AI Ltd (demo)', jurisdiction: 'HK' },
  { firmId: 'harbour-lending', name: 'Harbour Lending Analytics Ltd (demo)', jurisdiction: 'HK' },
  { firmId: 'pearl-river-gen', name: 'Pearl River Generative Co (demo)', jurisdiction: 'CN' },
];

/** The demo's models: what each shows in a first exportReadiness query. */
export const DEMO_MODELS = [
  // READY for EU chatbot today: Art 50 is met through HK-AI-02 (watermarking), FULL and countersigned.
  {
    firmId: 'pearl-river-gen',
    modelId: 'pearl-chat',
    name: 'Pearl Chat (demo)',
    kind: { generative: true, generalPurpose: false },
    version: '1.0',
    useCases: ['chatbot', 'content-generation'],
    passes: ['HK-AI-02', 'HK-AI-05', 'HK-AI-06', 'HK-AI-07', 'HK-AI-08', 'HK-AI-09', 'HK-AI-10'],
    hostedIn: 'CN',
  },
  // NOT_READY for EU lending once the high-risk articles apply (asOf 2027-12-02 on): several articles have no
  // equivalence, ART-13's is proposed but not countersigned, and three rest on PARTIAL equivalences.
  {
    firmId: 'harbour-lending',
    modelId: 'creditscope',
    name: 'CreditScope (demo)',
    kind: { generative: false, generalPurpose: false },
    version: '2.1',
    useCases: ['lending'],
    passes: ['HK-AI-01', 'HK-AI-04', 'HK-AI-07', 'HK-AI-08', 'HK-AI-09', 'HK-AI-10'],
    hostedIn: 'HK',
  },
] as const;

/**
 * Loads the demo catalog on first start of an empty store: the real frameworks' requirement ids and titles,
 * a draft HK-AI Standard, illustrative equivalences (some left unsigned), firms, models, a certifier, its
 * certifications and localisation records. Everything goes through the deciders, as the actors that would do
 * it for real; every command carries an idempotency key, so two processes seeding one database write it once.
 */
@Injectable()
export class DemoCatalog {
  private readonly logger = new Logger('DemoCatalog');
  private readonly correlationId = randomUUID();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commands: CommandBus,
    private readonly shell: CommandShell,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
  ) {}

  async loadIfEmpty(): Promise<boolean> {
    const head = await this.store.headPosition();
    if (head.globalPosition !== LOG_START.globalPosition) return false;
    await this.load();
    return true;
  }

  private meta(actor: Actor, key: string): CommandMetadata {
    return {
      actor,
      issuedAt: new Date().toISOString(),
      correlationId: this.correlationId,
      causationId: null,
      commandId: randomUUID(),
      idempotencyKey: `demo-catalog:${key}`,
    };
  }

  private run<C extends { type: string; data: unknown }, E extends DomainEvent, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    actor: Actor,
    key: string,
    command: Omit<C, 'actor' | 'issuedAt'>,
  ) {
    const meta = this.meta(actor, key);
    return this.shell.execute(streamId, decider, { ...command, actor, issuedAt: meta.issuedAt } as unknown as C, meta);
  }

  private readonly regulatorKeys = new Map<string, Promise<{ privateKey: KeyObject; publicKey: RegulatorPublicKey }>>();

  /**
   * The demo regulator's Ed25519 key for a jurisdiction, registered by the registrar on first use. Derived from a
   * public seed, so it is a demo key anyone can recompute (never a real regulator's): that keeps every seeding
   * process's requests identical (Ed25519 signatures are deterministic), so two processes seeding one database
   * still write everything once under the same idempotency keys.
   */
  private demoRegulatorKey(jurisdiction: string): Promise<{ privateKey: KeyObject; publicKey: RegulatorPublicKey }> {
    if (!this.regulatorKeys.has(jurisdiction))
      this.regulatorKeys.set(
        jurisdiction,
        (async () => {
          const privateKey = ed25519PrivateKeyFromSeed(createHash('sha256').update(`hk-ai-registry demo regulator key ${jurisdiction}`).digest());
          const publicKey = await regulatorPublicKey(createPublicKey(privateKey).export({ format: 'jwk' }));
          await this.run(regulatorKeyStreamId(jurisdiction), regulatorKeyDecider, REGISTRAR, `regulator-key:${jurisdiction}`, {
            type: 'RegisterRegulatorKey',
            data: { jurisdiction, key: { keyId: publicKey.keyId, alg: publicKey.alg, jwk: publicKey.jwk as Record<string, string> }, replacesKeyId: null },
          });
          return { privateKey, publicKey };
        })(),
      );
    return this.regulatorKeys.get(jurisdiction)!;
  }

  async load(): Promise<void> {
    for (const f of CATALOG_FRAMEWORKS)
      await this.run(frameworkStreamId(f.frameworkId), frameworkDecider, REGISTRAR, `framework:${f.frameworkId}@${f.version}`, {
        type: 'PublishFrameworkVersion',
        data: f,
      });

    const requirementOf = (framework: string, version: string, id: string) =>
      CATALOG_FRAMEWORKS.find((f) => f.frameworkId === framework && f.version === version)?.requirements.find((r) => r.id === id);
    for (const { proposal, countersign } of CATALOG_EQUIVALENCES) {
      const foreignFramework = CATALOG_FRAMEWORKS.find((f) => f.frameworkId === proposal.foreign.framework);
      const context = {
        hkRequirementExists: !!requirementOf(proposal.hk.framework, proposal.hk.version, proposal.hk.requirementId),
        foreignRequirementExists: !!requirementOf(proposal.foreign.framework, proposal.foreign.version, proposal.foreign.requirementId),
        foreignFrameworkJurisdiction: foreignFramework?.jurisdiction ?? null,
      };
      const stream = equivalenceStreamId(proposal.equivalenceId);
      await this.run(stream, equivalenceDecider, REGISTRAR, `propose:${proposal.equivalenceId}`, {
        type: 'ProposeEquivalence',
        data: { ...proposal, context },
      });
      if (countersign) {
        const key = await this.demoRegulatorKey(proposal.foreignJurisdiction);
        const jws = await signCountersignature(countersignatureContent(proposal), key.privateKey, key.publicKey);
        // Through the API's own handler: the JWS is verified against the key registered above, as for a real regulator.
        await this.commands.execute(
          new CountersignEquivalenceCommand(
            { equivalenceId: proposal.equivalenceId, jws },
            this.meta(regulatorOf(proposal.foreignJurisdiction), `countersign:${proposal.equivalenceId}`),
          ),
        );
      }
    }

    for (const firm of DEMO_FIRMS) await this.commands.execute(new RegisterFirmCommand(firm, this.meta(REGISTRAR, `firm:${firm.firmId}`)));

    const hk = CATALOG_FRAMEWORKS.find((f) => f.frameworkId === 'HK-AI')!;
    const now = new Date();
    const validFrom = new Date(now.getTime() - 86_400_000).toISOString();
    const validUntil = new Date(now.getTime() + 3 * 365 * 86_400_000).toISOString();
    await this.run(certifierStreamId(CERTIFIER_ID), certifierDecider, REGISTRAR, `accredit:${CERTIFIER_ID}`, {
      type: 'AccreditCertifier',
      data: {
        certifierId: CERTIFIER_ID,
        name: 'HK Certification Body (demo)',
        scope: { frameworkVersions: [hk.version], useCases: ['chatbot', 'content-generation', 'lending', 'hiring'] },
        validFrom,
        validUntil,
      },
    });

    for (const m of DEMO_MODELS) {
      const owner = firmActor(m.firmId);
      const digest = demoDigest(`${m.modelId}@${m.version}`);
      // Models and certifications go through the same command handlers as the API's mutations: they look up
      // the firm, the version's digest and the certifier's accreditation themselves.
      await this.commands.execute(
        new RegisterModelCommand({ modelId: m.modelId, firmId: m.firmId, name: m.name, kind: { ...m.kind } }, this.meta(owner, `model:${m.modelId}`)),
      );
      await this.commands.execute(
        new RegisterModelVersionCommand({ modelId: m.modelId, version: m.version, weightsDigest: digest }, this.meta(owner, `model:${m.modelId}@${m.version}`)),
      );
      const certificationId = `${m.modelId}-${m.version.replace(/\./g, '-')}-hkai`;
      await this.commands.execute(
        new IssueCertificationCommand(
          {
            certificationId,
            certifierId: CERTIFIER_ID,
            modelId: m.modelId,
            modelVersion: m.version,
            weightsDigest: digest,
            frameworkVersion: hk.version,
            scope: { useCases: [...m.useCases], riskTier: m.kind.generative ? RiskTier.LIMITED : RiskTier.HIGH },
            results: m.passes.map((requirementId) => ({ requirementId, result: RequirementOutcome.PASS })),
            auditReportDigest: demoDigest(`audit:${certificationId}`),
            validFrom: new Date(validFrom),
            validUntil: new Date(now.getTime() + 2 * 365 * 86_400_000),
          },
          this.meta(CERTIFIER, `certify:${certificationId}`),
        ),
      );
      await this.run(localisationStreamId(m.modelId, m.version), localisationDecider, owner, `localise:${m.modelId}@${m.version}`, {
        type: 'RecordWeightsLocalisation',
        data: {
          modelId: m.modelId,
          version: m.version,
          weightsDigest: digest,
          hostingJurisdiction: m.hostedIn,
          facility: `${m.hostedIn} data centre (demo)`,
          custodian: `${m.firmId} infrastructure team`,
          attestedBy: 'HK Certification Body (demo)',
          context: { ownerFirmId: m.firmId, versionDigest: digest },
        },
      });
      await seedDemoProvenance(this.commands, (a, k) => this.meta(a, k), { modelId: m.modelId, version: m.version, weightsDigest: digest, owner }, demoDigest);
      if ((m.useCases as readonly string[]).includes('lending'))
        await seedDemoSandbox(
          this.shell,
          (a, k) => this.meta(a, k),
          REGISTRAR,
          { modelId: m.modelId, version: m.version, weightsDigest: digest, owner },
          readSandboxSecret(this.config.sandboxSecret),
        );
    }
    await seedDemoPublicSector(this.commands, (a, k) => this.meta(a, k), REGISTRAR, { ...CERTIFIER, scope: CERTIFIER_ID });
    this.logger.log(
      `demo catalog loaded: ${CATALOG_FRAMEWORKS.length} framework versions, ${CATALOG_EQUIVALENCES.length} equivalences, ${DEMO_FIRMS.length} firms, ${DEMO_MODELS.length} certified models`,
    );
  }
}
