import { CATALOG_EQUIVALENCES, CATALOG_FRAMEWORKS, FactEvent, toFactEvent } from '@registry/domain';

const T0 = '2026-01-01T00:00:00.000Z';
export const digest = (i: number) => `sha256:${i.toString(16).padStart(64, '0')}`;

/**
 * N certified model versions over the demo catalog (9 framework versions, 18 equivalences), as fact events:
 * even models are generative chatbots, odd ones lending models; every fifth misses half the HK-AI requirements,
 * so lists mix READY and NOT_READY. Shared by bench:verdict and the readiness read model's tests.
 */
export const syntheticLog = (n: number): FactEvent[] => {
  const events: FactEvent[] = [];
  const add = (type: string, data: object) =>
    events.push(toFactEvent({ type, data }, { eventId: `e${events.length + 1}`, position: `1.${events.length + 1}`, type })!);
  for (const f of CATALOG_FRAMEWORKS) add('FrameworkVersionPublished', { ...f, publishedAt: T0 });
  for (const { proposal, countersign } of CATALOG_EQUIVALENCES) {
    add('EquivalenceProposed', { ...proposal, proposedAt: T0 });
    if (countersign)
      add('EquivalenceCountersigned', {
        equivalenceId: proposal.equivalenceId,
        jurisdiction: proposal.foreignJurisdiction,
        countersignedAt: '2026-06-01T00:00:00.000Z',
      });
  }
  add('CertifierAccredited', {
    certifierId: 'cb',
    name: 'CB',
    scope: { frameworkVersions: ['0.9-draft'], useCases: ['chatbot', 'content-generation', 'lending', 'hiring'] },
    validFrom: T0,
    validUntil: '2030-01-01T00:00:00.000Z',
    accreditedAt: T0,
  });
  const hk = CATALOG_FRAMEWORKS.find((f) => f.frameworkId === 'HK-AI')!;
  for (let i = 0; i < n; i++) {
    const generative = i % 2 === 0;
    const modelId = `m${i}`;
    add('ModelRegistered', { modelId, firmId: `f${i % 500}`, name: modelId, kind: { generative, generalPurpose: false }, registeredAt: T0 });
    add('ModelVersionRegistered', { modelId, version: '1', weightsDigest: digest(i), registeredAt: T0 });
    // Every fifth model misses a requirement, so lists mix READY and NOT_READY.
    const results = hk.requirements.filter((_, k) => i % 5 !== 0 || k % 2 === 0).map((r) => ({ requirementId: r.id, result: 'PASS' }));
    add('CertificationIssued', {
      certificationId: `c${i}`,
      certifierId: 'cb',
      modelId,
      modelVersion: '1',
      weightsDigest: digest(i),
      frameworkVersion: '0.9-draft',
      scope: { useCases: generative ? ['chatbot', 'content-generation'] : ['lending'], riskTier: generative ? 'LIMITED' : 'HIGH' },
      results,
      auditReportDigest: digest(i + 1),
      validFrom: '2026-02-01T00:00:00.000Z',
      validUntil: '2028-02-01T00:00:00.000Z',
      issuedAt: '2026-02-01T00:00:00.000Z',
    });
  }
  return events;
};

/** The stream each synthetic event belongs to (as the deciders would file it). */
export const streamOf = (e: FactEvent): string => {
  switch (e.type) {
    case 'FrameworkVersionPublished':
      return `framework-${e.data.frameworkId}`;
    case 'CertifierAccredited':
      return `certifier-${e.data.certifierId}`;
    case 'ModelRegistered':
    case 'ModelVersionRegistered':
      return `model-${e.data.modelId}`;
    case 'CertificationIssued':
      return `certification-${e.data.certificationId}`;
    case 'EquivalenceProposed':
    case 'EquivalenceCountersigned':
      return `equivalence-${e.data.equivalenceId}`;
    default:
      throw new Error(`the synthetic log holds no ${e.type}`);
  }
};
