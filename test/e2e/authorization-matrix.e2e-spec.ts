import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLField } from 'graphql';
import { schemaDir } from '../../apps/registry-api/src/graphql/schema-location';
import { GraphQLResponse, RunningRegistry } from './support/registry';
import { TestRegulatorKey } from './support/regulator-keys';

/**
 * Who may call which mutation, decided once for every mutation of the SDL (DOMAIN.md's roles table and each
 * decider are the authority). A mutation the matrix does not name fails the first test, so a new one cannot land
 * without someone deciding who may call it. Each cell sends the mutation as one role: an allowed cell, from a
 * precondition of its own (fresh ids), must succeed and append; a refused one must answer the exact `CODE/REASON`
 * and append nothing.
 */

const sdl = readdirSync(schemaDir())
  .filter((f) => f.endsWith('.graphql'))
  .sort()
  .map((f) => readFileSync(join(schemaDir(), f), 'utf8'))
  .join('\n');
const SDL_MUTATIONS: Record<string, GraphQLField<unknown, unknown>> = buildSchema(sdl).getMutationType()?.getFields() ?? {};

/** The mutation as a client sends it, its one argument typed as the SDL types it. */
const documentFor = (name: string) => {
  const args = SDL_MUTATIONS[name].args;
  expect(args.map((a) => a.name)).toEqual(['input']);
  return `mutation($input: ${String(args[0].type)}) { ${name}(input: $input) { __typename } }`;
};

const ROLES = ['anonymous', 'registrar', 'certifier', 'otherCertifier', 'regulator', 'otherRegulator', 'owner', 'otherFirm'] as const;
type Role = (typeof ROLES)[number];
type Outcome = 'allowed' | `${string}/${string}`;

/**
 * Whom a cell's tokens act for. `certifier`, `regulator` (through `jurisdiction`) and `owner` (through `firm`)
 * are the parties the input concerns; the `other*` ones are accredited / real parties that it does not concern.
 */
interface Parties {
  firm: string;
  otherFirm: string;
  certifier: string;
  otherCertifier: string;
  jurisdiction: string;
  otherJurisdiction: string;
}
const PARTIES: Parties = { firm: 'acme', otherFirm: 'globex', certifier: 'hkcb-demo', otherCertifier: 'cb-rival', jurisdiction: 'EU', otherJurisdiction: 'SG' };

interface Row {
  mutation: string;
  /** Builds a precondition from fresh ids (`n`) and returns the input, and the parties when not the defaults. */
  arrange: (n: string) => Promise<{ input: Record<string, unknown>; parties?: Partial<Parties> }>;
  expect: Record<Role, Outcome>;
}

const AUTH_REQUIRED = 'UNAUTHENTICATED/AUTH.REQUIRED';
/** Anonymous is refused as unauthenticated, the `allowed` roles succeed, every other role gets `refusal`. */
const only = (allowed: readonly Role[], refusal: Outcome): Record<Role, Outcome> =>
  Object.fromEntries(ROLES.map((role) => [role, role === 'anonymous' ? AUTH_REQUIRED : allowed.includes(role) ? 'allowed' : refusal])) as Record<Role, Outcome>;

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const digest = (label: string) => `sha256:${createHash('sha256').update(label).digest('hex')}`;
const HK_AI_VERSION = '0.9-draft';
/** Certified by `hkcb-demo` (only) in beforeAll: the certifications and condition evidence cells use it. */
const CERTIFIED = { modelId: 'acme-base', version: '1.0', weightsDigest: digest('acme-base@1.0') };
/** Never certified: the localisation and transfer-basis cells add their versions and bases to it. */
const RECORDS_MODEL = 'acme-records';

describe('authorisation matrix: every mutation of the SDL × every role', () => {
  let registry: RunningRegistry;
  let euKey: TestRegulatorKey;
  const tokens = new Map<string, Promise<string>>();
  const token = (role: 'REGISTRAR' | 'CERTIFIER' | 'REGULATOR' | 'FIRM', sub: string, actingFor?: string) => {
    const key = `${role}|${sub}|${actingFor}`;
    if (!tokens.has(key)) tokens.set(key, registry.token(role, sub, actingFor));
    return tokens.get(key)!;
  };
  const tokenFor = (role: Role, p: Parties): Promise<string> | undefined => {
    switch (role) {
      case 'anonymous':
        return undefined;
      case 'registrar':
        return token('REGISTRAR', 'registrar-hk');
      case 'certifier':
        return token('CERTIFIER', `${p.certifier}-officer`, p.certifier);
      case 'otherCertifier':
        return token('CERTIFIER', `${p.otherCertifier}-officer`, p.otherCertifier);
      case 'regulator':
        return token('REGULATOR', `regulator-${p.jurisdiction.toLowerCase()}`, p.jurisdiction);
      case 'otherRegulator':
        return token('REGULATOR', `regulator-${p.otherJurisdiction.toLowerCase()}`, p.otherJurisdiction);
      case 'owner':
        return token('FIRM', `${p.firm}-admin`, p.firm);
      case 'otherFirm':
        return token('FIRM', `${p.otherFirm}-admin`, p.otherFirm);
    }
  };

  /** Preconditions go through the API as the parties entitled to them; any refusal there is a broken test. */
  const as = async (role: Role, mutation: string, input: Record<string, unknown>, parties: Partial<Parties> = {}) => {
    const r = await registry.gql(documentFor(mutation), { input }, await tokenFor(role, { ...PARTIES, ...parties }));
    expect(r.errors).toBeUndefined();
  };

  const accreditation = (certifierId: string) => ({
    certifierId,
    name: `Certification body ${certifierId}`,
    scope: { frameworkVersions: [HK_AI_VERSION], useCases: ['lending', 'hiring'] },
    validFrom: inDays(-1),
    validUntil: inDays(365),
  });
  const certification = (certificationId: string) => ({
    certificationId,
    certifierId: 'hkcb-demo',
    ...{ modelId: CERTIFIED.modelId, modelVersion: CERTIFIED.version, weightsDigest: CERTIFIED.weightsDigest },
    frameworkVersion: HK_AI_VERSION,
    scope: { useCases: ['lending'], riskTier: 'HIGH' },
    results: [{ requirementId: 'HK-AI-01', result: 'PASS' }],
    auditReportDigest: digest(`audit:${certificationId}`),
    validFrom: inDays(-1),
    validUntil: inDays(365),
  });
  /** PARTIAL, so the same proposal serves the condition-evidence cells. */
  const proposal = (equivalenceId: string) => ({
    equivalenceId,
    hk: { framework: 'HK-AI', version: HK_AI_VERSION, requirementId: 'HK-AI-08' },
    foreign: { framework: 'EU-AI-ACT', version: '2024/1689-HR', requirementId: 'ART-14' },
    foreignJurisdiction: 'EU',
    strength: 'PARTIAL',
    conditions: [{ id: 'C1', text: 'Oversight staff trained in the EU deployer’s language' }],
    scope: { useCases: ['lending'] },
    effectiveFrom: '2025-01-01T00:00:00Z',
    illustrative: true,
  });
  const publicSystem = (systemId: string) => ({
    systemId,
    bureau: 'Matrix Bureau',
    name: `System ${systemId}`,
    description: 'Ranks applications.',
    decisionArea: 'HIRING',
    phase: 'PRODUCTION',
    inUseSince: '2025-01-01T00:00:00Z',
    publicContact: 'ai@matrix.gov.hk',
    details: {
      team: 'Analytics',
      seniorResponsibleOwner: 'Director',
      humanReview: 'Officer review',
      dataSources: 'Applications',
      risksAndMitigations: 'Bias monitored',
    },
  });
  const campaign = (n: string) => ({ campaignId: `camp-${n}`, title: `Campaign ${n}`, deadline: inDays(30), bureaus: [], systemIds: [`ps-${n}`] });
  const registerModel = (modelId: string) =>
    as('owner', 'registerModel', { modelId, firmId: 'acme', name: `Model ${modelId}`, kind: { generative: false, generalPurpose: false } });
  /** A fresh version of the records model, so each localisation cell has its own stream. */
  const recordsVersion = async (n: string) => {
    const v = { modelId: RECORDS_MODEL, version: `v${n}`, weightsDigest: digest(`${RECORDS_MODEL}@${n}`) };
    await as('owner', 'registerModelVersion', v);
    return v;
  };
  const localised = async (n: string) => {
    const v = await recordsVersion(n);
    await as('owner', 'recordWeightsLocalization', {
      ...v,
      hostingJurisdiction: 'HK',
      facility: 'Tseung Kwan O DC-1',
      custodian: 'Acme Ops',
      attestedBy: 'Acme CISO',
    });
    return { modelId: v.modelId, version: v.version };
  };
  const basis = (basisId: string) => ({
    basisId,
    modelId: RECORDS_MODEL,
    originJurisdiction: 'CN',
    destinationJurisdiction: 'HK',
    mechanism: 'CONSENT',
    dataScope: 'Loan applications, 2019-2024',
  });
  const evidenceRef = (equivalenceId: string) => ({ equivalenceId, conditionId: 'C1', modelId: CERTIFIED.modelId, version: CERTIFIED.version });

  /** The lending suite the requestSandboxRun cells run against, published once by the first cell that needs it. */
  let lendingSuite: Promise<void> | undefined;
  const ROWS: Row[] = [
    // Firms
    {
      mutation: 'registerFirm',
      // The firm being registered, acting for itself, is the "owner" here: it may not register itself.
      arrange: async (n) => ({ input: { firmId: `firm-${n}`, name: `Firm ${n} Ltd`, jurisdiction: 'HK' }, parties: { firm: `firm-${n}` } }),
      expect: only(['registrar'], 'FORBIDDEN/FIRM.REGISTRAR_ONLY'),
    },
    {
      mutation: 'renameFirm',
      arrange: async (n) => ({ input: { firmId: 'acme', name: `Acme ${n} Ltd` } }),
      expect: only(['registrar', 'owner'], 'FORBIDDEN/FIRM.NOT_YOUR_FIRM'),
    },
    // Frameworks and accreditation: the registrar's alone, even for the regulator whose jurisdiction a framework is.
    {
      mutation: 'publishFramework',
      arrange: async (n) => ({
        input: {
          frameworkId: `MATRIX-${n}`,
          version: '1.0',
          jurisdiction: 'EU',
          title: `Matrix framework ${n}`,
          effectiveFrom: '2025-01-01T00:00:00Z',
          requirements: [{ id: 'R-1', title: 'A requirement', appliesWhen: { useCases: ['hiring'] } }],
        },
      }),
      expect: only(['registrar'], 'FORBIDDEN/FRAMEWORK.REGISTRAR_ONLY'),
    },
    {
      mutation: 'accreditCertifier',
      // The body being accredited is "the certifier" (acting for itself); hkcb-demo is another accredited one.
      arrange: async (n) => ({ input: accreditation(`cb-${n}`), parties: { certifier: `cb-${n}`, otherCertifier: 'hkcb-demo' } }),
      expect: only(['registrar'], 'FORBIDDEN/CERTIFIER.REGISTRAR_ONLY'),
    },
    {
      mutation: 'suspendAccreditation',
      arrange: async (n) => {
        await as('registrar', 'accreditCertifier', accreditation(`cb-${n}`));
        return { input: { certifierId: `cb-${n}`, reason: 'Audit of the body pending' }, parties: { certifier: `cb-${n}`, otherCertifier: 'hkcb-demo' } };
      },
      expect: only(['registrar'], 'FORBIDDEN/CERTIFIER.REGISTRAR_ONLY'),
    },
    {
      mutation: 'reinstateAccreditation',
      arrange: async (n) => {
        await as('registrar', 'accreditCertifier', accreditation(`cb-${n}`));
        await as('registrar', 'suspendAccreditation', { certifierId: `cb-${n}`, reason: 'Audit of the body pending' });
        return { input: { certifierId: `cb-${n}` }, parties: { certifier: `cb-${n}`, otherCertifier: 'hkcb-demo' } };
      },
      expect: only(['registrar'], 'FORBIDDEN/CERTIFIER.REGISTRAR_ONLY'),
    },
    {
      mutation: 'withdrawAccreditation',
      arrange: async (n) => {
        await as('registrar', 'accreditCertifier', accreditation(`cb-${n}`));
        return { input: { certifierId: `cb-${n}`, reason: 'Body dissolved' }, parties: { certifier: `cb-${n}`, otherCertifier: 'hkcb-demo' } };
      },
      expect: only(['registrar'], 'FORBIDDEN/CERTIFIER.REGISTRAR_ONLY'),
    },
    // Models
    {
      mutation: 'registerModel',
      arrange: async (n) => ({ input: { modelId: `model-${n}`, firmId: 'acme', name: `Model ${n}`, kind: { generative: false, generalPurpose: false } } }),
      expect: only(['owner'], 'FORBIDDEN/MODEL.NOT_OWNER'),
    },
    {
      mutation: 'registerModelVersion',
      arrange: async (n) => {
        await registerModel(`model-${n}`);
        return { input: { modelId: `model-${n}`, version: '1.0', weightsDigest: digest(`model-${n}@1.0`) } };
      },
      expect: only(['owner'], 'FORBIDDEN/MODEL.NOT_OWNER'),
    },
    {
      mutation: 'deprecateModelVersion',
      arrange: async (n) => {
        await registerModel(`model-${n}`);
        await as('owner', 'registerModelVersion', { modelId: `model-${n}`, version: '1.0', weightsDigest: digest(`model-${n}@1.0`) });
        return { input: { modelId: `model-${n}`, version: '1.0', reason: 'Superseded by 2.0' } };
      },
      // The registrar too: models.graphql and the model decider say so (DOMAIN.md's table does not list it).
      expect: only(['registrar', 'owner'], 'FORBIDDEN/MODEL.NOT_OWNER'),
    },
    // Certifications: the certifier that issued it (hkcb-demo), nobody else; cb-rival is accredited for the same scope.
    {
      mutation: 'issueCertification',
      arrange: async (n) => ({ input: certification(`cert-${n}`) }),
      expect: only(['certifier'], 'FORBIDDEN/CERTIFICATION.NOT_THE_CERTIFIER'),
    },
    {
      mutation: 'suspendCertification',
      arrange: async (n) => {
        await as('certifier', 'issueCertification', certification(`cert-${n}`));
        return { input: { certificationId: `cert-${n}`, reason: 'Incident under investigation' } };
      },
      expect: only(['certifier'], 'FORBIDDEN/CERTIFICATION.NOT_THE_CERTIFIER'),
    },
    {
      mutation: 'reinstateCertification',
      arrange: async (n) => {
        await as('certifier', 'issueCertification', certification(`cert-${n}`));
        await as('certifier', 'suspendCertification', { certificationId: `cert-${n}`, reason: 'Incident under investigation' });
        return { input: { certificationId: `cert-${n}` } };
      },
      expect: only(['certifier'], 'FORBIDDEN/CERTIFICATION.NOT_THE_CERTIFIER'),
    },
    {
      mutation: 'revokeCertification',
      arrange: async (n) => {
        await as('certifier', 'issueCertification', certification(`cert-${n}`));
        return { input: { certificationId: `cert-${n}`, reason: 'Audit evidence falsified' } };
      },
      expect: only(['certifier'], 'FORBIDDEN/CERTIFICATION.NOT_THE_CERTIFIER'),
    },
    {
      mutation: 'renewCertification',
      arrange: async (n) => {
        await as('certifier', 'issueCertification', certification(`cert-${n}`));
        return { input: { certificationId: `cert-${n}`, validUntil: inDays(730) } };
      },
      expect: only(['certifier'], 'FORBIDDEN/CERTIFICATION.NOT_THE_CERTIFIER'),
    },
    {
      mutation: 'amendCertificationScope',
      arrange: async (n) => {
        await as('certifier', 'issueCertification', certification(`cert-${n}`));
        const results = [
          { requirementId: 'HK-AI-01', result: 'PASS' },
          { requirementId: 'HK-AI-04', result: 'PASS' },
        ];
        return { input: { certificationId: `cert-${n}`, scope: { useCases: ['lending'], riskTier: 'HIGH' }, results } };
      },
      expect: only(['certifier'], 'FORBIDDEN/CERTIFICATION.NOT_THE_CERTIFIER'),
    },
    // Equivalences: proposed by the registrar, answered by the regulator of the foreign jurisdiction (EU) only.
    {
      mutation: 'proposeEquivalence',
      arrange: async (n) => ({ input: proposal(`eq-${n}`) }),
      expect: only(['registrar'], 'FORBIDDEN/EQUIVALENCE.REGISTRAR_ONLY'),
    },
    {
      mutation: 'countersignEquivalence',
      arrange: async (n) => {
        await as('registrar', 'proposeEquivalence', proposal(`eq-${n}`));
        return { input: { equivalenceId: `eq-${n}`, jws: await euKey.sign(proposal(`eq-${n}`)) } };
      },
      expect: only(['regulator'], 'FORBIDDEN/EQUIVALENCE.WRONG_JURISDICTION'),
    },
    {
      mutation: 'rejectEquivalence',
      arrange: async (n) => {
        await as('registrar', 'proposeEquivalence', proposal(`eq-${n}`));
        return { input: { equivalenceId: `eq-${n}`, reason: 'Scope too broad' } };
      },
      expect: only(['regulator'], 'FORBIDDEN/EQUIVALENCE.WRONG_JURISDICTION'),
    },
    {
      mutation: 'withdrawEquivalence',
      // In force, so the regulator's withdrawal is the withdrawal of its countersignature (DOMAIN.md).
      arrange: async (n) => {
        await as('registrar', 'proposeEquivalence', proposal(`eq-${n}`));
        await as('regulator', 'countersignEquivalence', { equivalenceId: `eq-${n}`, jws: await euKey.sign(proposal(`eq-${n}`)) });
        return { input: { equivalenceId: `eq-${n}`, reason: 'Foreign rule amended' } };
      },
      expect: only(['registrar', 'regulator'], 'FORBIDDEN/EQUIVALENCE.WRONG_JURISDICTION'),
    },
    // Regulator keys: the registrar's alone, even for the regulator whose jurisdiction the key is.
    {
      mutation: 'registerRegulatorKey',
      arrange: async () => ({ input: { jurisdiction: 'EU', jwk: (await TestRegulatorKey.generate()).publicKey.jwk } }),
      expect: only(['registrar'], 'FORBIDDEN/REGULATOR_KEY.REGISTRAR_ONLY'),
    },
    {
      mutation: 'withdrawRegulatorKey',
      arrange: async () => {
        const key = await TestRegulatorKey.generate();
        await as('registrar', 'registerRegulatorKey', { jurisdiction: 'EU', jwk: key.publicKey.jwk });
        return { input: { jurisdiction: 'EU', keyId: key.keyId, reason: 'Rotated out by the regulator' } };
      },
      expect: only(['registrar'], 'FORBIDDEN/REGULATOR_KEY.REGISTRAR_ONLY'),
    },
    // Public-sector AI audit baseline (the registrar registers and runs campaigns; the assigned auditor records outcomes)
    {
      mutation: 'registerPublicSectorSystem',
      arrange: async (n) => ({ input: publicSystem(`ps-${n}`) }),
      expect: only(['registrar'], 'FORBIDDEN/PUBLIC_SECTOR.REGISTRAR_ONLY'),
    },
    {
      mutation: 'openAuditCampaign',
      arrange: async (n) => {
        await as('registrar', 'registerPublicSectorSystem', publicSystem(`ps-${n}`));
        return { input: campaign(n) };
      },
      expect: only(['registrar'], 'FORBIDDEN/PUBLIC_SECTOR.REGISTRAR_ONLY'),
    },
    {
      mutation: 'assignAuditor',
      arrange: async (n) => {
        await as('registrar', 'registerPublicSectorSystem', publicSystem(`ps-${n}`));
        await as('registrar', 'openAuditCampaign', campaign(n));
        return { input: { campaignId: `camp-${n}`, certifierId: 'hkcb-demo', systemIds: [`ps-${n}`] } };
      },
      expect: only(['registrar'], 'FORBIDDEN/PUBLIC_SECTOR.REGISTRAR_ONLY'),
    },
    {
      mutation: 'recordAuditOutcome',
      arrange: async (n) => {
        await as('registrar', 'registerPublicSectorSystem', publicSystem(`ps-${n}`));
        await as('registrar', 'openAuditCampaign', campaign(n));
        await as('registrar', 'assignAuditor', { campaignId: `camp-${n}`, certifierId: 'hkcb-demo', systemIds: [`ps-${n}`] });
        return { input: { campaignId: `camp-${n}`, systemId: `ps-${n}`, riskRating: 'LOW', findings: [], reportDigest: digest(`audit:camp-${n}`) } };
      },
      // Only the certifier assigned to the system: cb-rival is accredited for the same scope but not assigned.
      expect: only(['certifier'], 'FORBIDDEN/AUDIT_CAMPAIGN.NOT_ASSIGNED_AUDITOR'),
    },
    {
      mutation: 'recordTrainingDataProvenance',
      arrange: async (n) => ({
        input: { ...(await recordsVersion(n)), sources: [{ sourceId: 'own', name: 'Own data', legalBasis: 'OWN_DATA', location: 'Acme warehouse' }] },
      }),
      expect: only(['owner'], 'FORBIDDEN/PROVENANCE.NOT_MODEL_OWNER'),
    },
    // Sandbox
    {
      mutation: 'publishSandboxSuite',
      // A fresh version and seed per cell: a new label with new content is what the registrar may publish.
      arrange: async (n) => ({ input: { suiteId: 'hiring', version: `m${n}`, seed: Number(n), size: 200, baseRate: 0.5 } }),
      expect: only(['registrar'], 'FORBIDDEN/SANDBOX.NOT_REGISTRAR'),
    },
    {
      mutation: 'requestSandboxRun',
      arrange: async () => {
        lendingSuite ??= as('registrar', 'publishSandboxSuite', { suiteId: 'lending', version: 'matrix', seed: 1, size: 200, baseRate: 0.5 });
        await lendingSuite;
        return {
          input: { modelId: CERTIFIED.modelId, modelVersion: CERTIFIED.version, weightsDigest: CERTIFIED.weightsDigest, suiteId: 'lending', mode: 'UPLOAD' },
        };
      },
      expect: only(['owner'], 'FORBIDDEN/SANDBOX.NOT_MODEL_OWNER'),
    },
    // Records
    {
      mutation: 'recordWeightsLocalization',
      arrange: async (n) => {
        const v = await recordsVersion(n);
        return { input: { ...v, hostingJurisdiction: 'HK', facility: 'Tseung Kwan O DC-1', custodian: 'Acme Ops', attestedBy: 'Acme CISO' } };
      },
      expect: only(['owner'], 'FORBIDDEN/LOCALISATION.NOT_MODEL_OWNER'),
    },
    {
      mutation: 'relocateWeights',
      arrange: async (n) => ({
        input: { ...(await localised(n)), hostingJurisdiction: 'SG', facility: 'Jurong DC-2', custodian: 'Acme SG Ops', attestedBy: 'Acme CISO' },
      }),
      expect: only(['owner'], 'FORBIDDEN/LOCALISATION.NOT_MODEL_OWNER'),
    },
    {
      mutation: 'withdrawWeightsLocalization',
      arrange: async (n) => ({ input: { ...(await localised(n)), reason: 'Facility decommissioned' } }),
      // The registrar too: records.graphql and the localisation decider say so (DOMAIN.md's table does not list it).
      expect: only(['registrar', 'owner'], 'FORBIDDEN/LOCALISATION.NOT_MODEL_OWNER'),
    },
    {
      mutation: 'recordDataTransferBasis',
      arrange: async (n) => ({ input: basis(`tb-${n}`) }),
      expect: only(['owner'], 'FORBIDDEN/TRANSFER_BASIS.NOT_MODEL_OWNER'),
    },
    {
      mutation: 'withdrawDataTransferBasis',
      arrange: async (n) => {
        await as('owner', 'recordDataTransferBasis', basis(`tb-${n}`));
        return { input: { basisId: `tb-${n}`, reason: 'Consent withdrawn' } };
      },
      expect: only(['registrar', 'owner'], 'FORBIDDEN/TRANSFER_BASIS.NOT_MODEL_OWNER'),
    },
    {
      mutation: 'recordConditionEvidence',
      arrange: async (n) => {
        await as('registrar', 'proposeEquivalence', proposal(`eq-${n}`));
        return { input: { ...evidenceRef(`eq-${n}`), evidence: 'Training records, sha256 of the bundle attached' } };
      },
      // "A certifier of the version": hkcb-demo certified it; cb-rival, accredited for the same scope, did not.
      expect: only(['certifier', 'owner'], 'FORBIDDEN/EVIDENCE.NOT_OWNER_OR_CERTIFIER'),
    },
    {
      mutation: 'withdrawConditionEvidence',
      arrange: async (n) => {
        await as('registrar', 'proposeEquivalence', proposal(`eq-${n}`));
        await as('owner', 'recordConditionEvidence', { ...evidenceRef(`eq-${n}`), evidence: 'Training records' });
        return { input: { ...evidenceRef(`eq-${n}`), reason: 'Records found incomplete' } };
      },
      expect: only(['registrar', 'certifier', 'owner'], 'FORBIDDEN/EVIDENCE.NOT_OWNER_OR_CERTIFIER'),
    },
  ];
  const rowOf = (mutation: string) => ROWS.find((r) => r.mutation === mutation)!;

  let cells = 0;
  const fresh = () => `${++cells}`;

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
    // The EU regulator's countersignatures are JWSs by a key the registrar registered for EU.
    euKey = await TestRegulatorKey.generate();
    await as('registrar', 'registerRegulatorKey', { jurisdiction: 'EU', jwk: euKey.publicKey.jwk });
    for (const firmId of [PARTIES.firm, PARTIES.otherFirm]) await as('registrar', 'registerFirm', { firmId, name: `${firmId} Ltd`, jurisdiction: 'HK' });
    // Accredited for the very scope hkcb-demo certifies in, so its refusals are about identity, not accreditation.
    await as('registrar', 'accreditCertifier', accreditation(PARTIES.otherCertifier));
    await registerModel(CERTIFIED.modelId);
    await as('owner', 'registerModelVersion', CERTIFIED);
    await as('certifier', 'issueCertification', certification('acme-base-1-0-hkai'));
    await registerModel(RECORDS_MODEL);
  });
  afterAll(() => registry?.stop());

  it('has a row for every mutation of the SDL, and none for a mutation it lacks', () => {
    const sdlNames = Object.keys(SDL_MUTATIONS).sort();
    const matrixNames = ROWS.map((r) => r.mutation).sort();
    expect({ withoutRow: sdlNames.filter((m) => !matrixNames.includes(m)), notInSdl: matrixNames.filter((m) => !sdlNames.includes(m)) }).toEqual({
      withoutRow: [],
      notInSdl: [],
    });
    expect(new Set(matrixNames).size).toBe(matrixNames.length);
  });

  const cellsOf = (row: Row) => ROLES.map((role) => [role, row.expect[role]] as const);

  /**
   * The refused cells of a row share one precondition: a refusal appends nothing (asserted), so it leaves that
   * state as fresh as it found it. A refusal that did not hold may have changed it, so it is rebuilt after one.
   */
  const refusedState = new Map<Row, ReturnType<Row['arrange']>>();

  const refusedOn = async (row: Row, send: (input: Record<string, unknown>, parties?: Partial<Parties>) => Promise<GraphQLResponse>, outcome: Outcome) => {
    if (!refusedState.has(row)) refusedState.set(row, row.arrange(fresh()));
    const { input, parties } = await refusedState.get(row)!;
    try {
      return await registry.refused(() => send(input, parties), outcome);
    } catch (error) {
      refusedState.delete(row);
      throw error;
    }
  };

  /** Sends the cell's mutation as `role` and asserts its outcome, success appending, refusal appending nothing. */
  const play = async (row: Row, send: (input: Record<string, unknown>, token?: string) => Promise<GraphQLResponse>, role: Role, outcome: Outcome) => {
    if (outcome !== 'allowed') return refusedOn(row, async (input, parties) => send(input, await tokenFor(role, { ...PARTIES, ...parties })), outcome);
    const { input, parties } = await row.arrange(fresh());
    const t = await tokenFor(role, { ...PARTIES, ...parties });
    const before = await registry.eventCount();
    const r = await send(input, t);
    expect(r.errors).toBeUndefined();
    expect(r.data?.[row.mutation]).toBeTruthy();
    expect(await registry.eventCount()).toBeGreaterThan(before);
  };

  describe.each(ROWS.filter((r) => r.mutation in SDL_MUTATIONS))('$mutation', (row) => {
    it.each(cellsOf(row))('%s: %s', async (role, outcome) => {
      await play(row, (input, t) => registry.gql(documentFor(row.mutation), { input }, t), role, outcome);
    });
  });

  /**
   * Authority comes from the role and `acting_for` together, compared exactly with what the input (or the stored
   * record) names: never from the subject, another role's scope, or a near miss in spelling.
   */
  describe('tokens acting for someone other than the input names', () => {
    type Claims = ['REGISTRAR' | 'CERTIFIER' | 'REGULATOR' | 'FIRM', string, string | undefined];
    const cases: [string, string, Claims, Outcome][] = [
      ['a firm acting for globex registers a model for acme', 'registerModel', ['FIRM', 'acme-admin', 'globex'], 'FORBIDDEN/MODEL.NOT_OWNER'],
      ['a firm acting for ACME (case) registers a model for acme', 'registerModel', ['FIRM', 'acme-admin', 'ACME'], 'FORBIDDEN/MODEL.NOT_OWNER'],
      ['a certifier acting for acme registers a model for acme', 'registerModel', ['CERTIFIER', 'acme-admin', 'acme'], 'FORBIDDEN/MODEL.NOT_OWNER'],
      [
        'the registrar acting for acme registers a version of acme’s model',
        'registerModelVersion',
        ['REGISTRAR', 'registrar-hk', 'acme'],
        'FORBIDDEN/MODEL.NOT_OWNER',
      ],
      ['a firm acting for globex renames acme', 'renameFirm', ['FIRM', 'acme-admin', 'globex'], 'FORBIDDEN/FIRM.NOT_YOUR_FIRM'],
      [
        'a certifier acting for cb-rival issues in hkcb-demo’s name',
        'issueCertification',
        ['CERTIFIER', 'hkcb-demo', 'cb-rival'],
        'FORBIDDEN/CERTIFICATION.NOT_THE_CERTIFIER',
      ],
      [
        'a firm acting for hkcb-demo suspends hkcb-demo’s certification',
        'suspendCertification',
        ['FIRM', 'hkcb-demo', 'hkcb-demo'],
        'FORBIDDEN/CERTIFICATION.NOT_THE_CERTIFIER',
      ],
      [
        'a certifier acting for HKCB-DEMO (case) revokes hkcb-demo’s certification',
        'revokeCertification',
        ['CERTIFIER', 'hkcb-demo', 'HKCB-DEMO'],
        'FORBIDDEN/CERTIFICATION.NOT_THE_CERTIFIER',
      ],
      [
        'a regulator acting for SG countersigns an EU equivalence',
        'countersignEquivalence',
        ['REGULATOR', 'regulator-eu', 'SG'],
        'FORBIDDEN/EQUIVALENCE.WRONG_JURISDICTION',
      ],
      [
        'a regulator acting for eu (case) countersigns an EU equivalence',
        'countersignEquivalence',
        ['REGULATOR', 'regulator-eu', 'eu'],
        'FORBIDDEN/EQUIVALENCE.WRONG_JURISDICTION',
      ],
      [
        'a firm acting for EU countersigns an EU equivalence',
        'countersignEquivalence',
        ['FIRM', 'regulator-eu', 'EU'],
        'FORBIDDEN/EQUIVALENCE.WRONG_JURISDICTION',
      ],
      [
        'a regulator acting for CN withdraws an EU equivalence',
        'withdrawEquivalence',
        ['REGULATOR', 'regulator-eu', 'CN'],
        'FORBIDDEN/EQUIVALENCE.WRONG_JURISDICTION',
      ],
      [
        'a certifier acting for cb-rival records evidence for a version hkcb-demo certified',
        'recordConditionEvidence',
        ['CERTIFIER', 'hkcb-demo-officer', 'cb-rival'],
        'FORBIDDEN/EVIDENCE.NOT_OWNER_OR_CERTIFIER',
      ],
      [
        'a firm acting for globex records the localisation of acme’s version',
        'recordWeightsLocalization',
        ['FIRM', 'acme-admin', 'globex'],
        'FORBIDDEN/LOCALISATION.NOT_MODEL_OWNER',
      ],
      [
        'a regulator acting for acme records a transfer basis for acme’s model',
        'recordDataTransferBasis',
        ['REGULATOR', 'acme-admin', 'acme'],
        'FORBIDDEN/TRANSFER_BASIS.NOT_MODEL_OWNER',
      ],
    ];
    it.each(cases.filter(([, mutation]) => mutation in SDL_MUTATIONS))('%s (%s)', async (_, mutation, [role, sub, actingFor], outcome) => {
      await refusedOn(rowOf(mutation), async (input) => registry.gql(documentFor(mutation), { input }, await token(role, sub, actingFor)), outcome);
    });
  });

  /**
   * DOMAIN.md's CERTIFIER is "an accredited certification body". Issue, renew and amend already require the
   * accreditation to cover them now; the two writes below also vouch for a model (a reinstated certification is
   * valid again in every verdict, evidence turns a CONDITIONAL line SATISFIED), so a body whose accreditation
   * the registrar withdrew or suspended must not make them. Suspending and revoking stay open to it: they only
   * take trust away, and nobody else may.
   */
  describe.each([
    ['withdrawn', 'withdrawAccreditation'],
    ['suspended', 'suspendAccreditation'],
  ])('a certifier whose accreditation was %s', (_, lapse) => {
    const lapsed = async (n: string) => {
      const cb = `cb-${n}`;
      await as('registrar', 'accreditCertifier', accreditation(cb));
      await registerModel(`model-${n}`);
      const version = { modelId: `model-${n}`, version: '1.0', weightsDigest: digest(`model-${n}@1.0`) };
      await as('owner', 'registerModelVersion', version);
      await as(
        'certifier',
        'issueCertification',
        { ...certification(`cert-${n}`), modelId: version.modelId, weightsDigest: version.weightsDigest, certifierId: cb },
        { certifier: cb },
      );
      return { cb, version, withdrawOrSuspend: () => as('registrar', lapse, { certifierId: cb, reason: 'Accreditation audit failed' }) };
    };

    it('may not reinstate a certification it had suspended', async () => {
      const n = fresh();
      const { cb, withdrawOrSuspend } = await lapsed(n);
      await as('certifier', 'suspendCertification', { certificationId: `cert-${n}`, reason: 'Incident under investigation' }, { certifier: cb });
      await withdrawOrSuspend();
      await registry.refused(
        async () =>
          registry.gql(
            documentFor('reinstateCertification'),
            { input: { certificationId: `cert-${n}` } },
            await tokenFor('certifier', { ...PARTIES, certifier: cb }),
          ),
        'FORBIDDEN/CERTIFICATION.OUTSIDE_ACCREDITATION',
      );
    });

    it('may no longer record condition evidence for a version it certified (it could while accredited)', async () => {
      const n = fresh();
      const { cb, version, withdrawOrSuspend } = await lapsed(n);
      const evidence = (equivalenceId: string) => ({
        equivalenceId,
        conditionId: 'C1',
        modelId: version.modelId,
        version: '1.0',
        evidence: 'Oversight training records',
      });
      await as('registrar', 'proposeEquivalence', proposal(`eq-${n}-a`));
      await as('registrar', 'proposeEquivalence', proposal(`eq-${n}-b`));
      await as('certifier', 'recordConditionEvidence', evidence(`eq-${n}-a`), { certifier: cb });
      await withdrawOrSuspend();
      await registry.refused(
        async () =>
          registry.gql(documentFor('recordConditionEvidence'), { input: evidence(`eq-${n}-b`) }, await tokenFor('certifier', { ...PARTIES, certifier: cb })),
        'FORBIDDEN/EVIDENCE.NOT_OWNER_OR_CERTIFIER',
      );
    });
  });
});
