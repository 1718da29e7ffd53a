import { Actor } from '@registry/kernel';
import { deciderSpec } from '@registry/kernel/testing/decider-spec';
import { RecordTrainingDataProvenance, StatedSource } from './provenance.commands';
import { provenanceDecider } from './provenance.decider';
import { provenanceStreamId, TrainingDataProvenanceRecorded } from './provenance.events';
import { acme, at } from '../testing/parties';

const digest = 'sha256:' + 'a'.repeat(64);
const other = 'sha256:' + 'b'.repeat(64);
const context = { ownerFirmId: 'acme', versionDigest: digest };

const web: StatedSource = {
  sourceId: 'common-crawl-2025',
  name: 'Common Crawl 2025-18',
  legalBasis: 'TDM_EXCEPTION',
  digest: null,
  location: 's3://crawl/2025-18',
  basisReference: 'robots.txt and TDMRep opt-outs honoured',
};
const own: StatedSource = { sourceId: 'loans', name: 'Own loan book', legalBasis: 'OWN_DATA', digest: other, location: 'acme-dwh.loans', basisReference: null };

const record = (over: Partial<RecordTrainingDataProvenance['data']> = {}, actor: Actor = acme): RecordTrainingDataProvenance => ({
  type: 'RecordTrainingDataProvenance',
  data: { modelId: 'lendwise', version: '1.0', weightsDigest: digest, sources: [web, own], context, ...over },
  actor,
  issuedAt: at,
});

const recorded = (over: Partial<TrainingDataProvenanceRecorded['data']> = {}): TrainingDataProvenanceRecorded => ({
  type: 'TrainingDataProvenanceRecorded',
  data: {
    modelId: 'lendwise',
    version: '1.0',
    weightsDigest: digest,
    digestMatchesVersion: true,
    sources: [
      { sourceId: 'common-crawl-2025', name: 'Common Crawl 2025-18', legalBasis: 'TDM_EXCEPTION', digest: null },
      { sourceId: 'loans', name: 'Own loan book', legalBasis: 'OWN_DATA', digest: other },
    ],
    sourceDetails: [
      { sourceId: 'common-crawl-2025', location: 's3://crawl/2025-18', basisReference: 'robots.txt and TDMRep opt-outs honoured' },
      { sourceId: 'loans', location: 'acme-dwh.loans', basisReference: null },
    ],
    recordedAt: at,
    ...over,
  },
});

const spec = deciderSpec(provenanceDecider);

describe('training-data provenance decider', () => {
  it('names one stream per model version', () => expect(provenanceStreamId('lendwise', '1.0')).toBe('provenance-lendwise/1.0'));

  it('records each source, its public part apart from its restricted details', () => spec.given([]).when(record()).then([recorded()]));

  it('records a source without a basis as stated (the verdict reports the gap)', () =>
    spec
      .given([])
      .when(record({ sources: [{ ...web, legalBasis: null }] }))
      .then([recorded({ sources: [{ ...recorded().data.sources[0], legalBasis: null }], sourceDetails: [recorded().data.sourceDetails[0]] })]));

  it('records another digest than the version’s, flagged', () =>
    spec
      .given([])
      .when(record({ weightsDigest: other }))
      .then([recorded({ weightsDigest: other, digestMatchesVersion: false })]));

  it('replaces an earlier record with a different one, and refuses one that changes nothing', () => {
    spec
      .given([recorded()])
      .when(record({ sources: [web] }))
      .then([recorded({ sources: [recorded().data.sources[0]], sourceDetails: [recorded().data.sourceDetails[0]] })]);
    spec
      .given([recorded({ recordedAt: '2026-01-01T00:00:00.000Z' })])
      .when(record())
      .thenFails('PROVENANCE.UNCHANGED');
    // As read back from the store, whose jsonb reorders keys: still the same record.
    const reordered = JSON.parse(
      JSON.stringify(recorded().data, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)),
    );
    spec
      .given([{ type: 'TrainingDataProvenanceRecorded', data: reordered }])
      .when(record())
      .thenFails('PROVENANCE.UNCHANGED');
  });

  it('refuses an unknown model version', () => {
    spec
      .given([])
      .when(record({ context: { ownerFirmId: 'acme', versionDigest: null } }))
      .thenFails('PROVENANCE.MODEL_VERSION_NOT_FOUND');
    spec
      .given([])
      .when(record({ context: { ownerFirmId: null, versionDigest: null } }))
      .thenFails('PROVENANCE.MODEL_VERSION_NOT_FOUND');
  });

  it.each<Actor>([
    { subject: 'globex', role: 'FIRM', scope: 'globex' },
    { subject: 'registrar', role: 'REGISTRAR' },
    { subject: 'cb-001', role: 'CERTIFIER', scope: 'cb-001' },
    { subject: 'cac', role: 'REGULATOR', scope: 'CN' },
  ])('refuses anyone but the owning firm (%o)', (actor) => spec.given([]).when(record({}, actor)).thenFails('PROVENANCE.NOT_MODEL_OWNER'));

  it('refuses a malformed weights digest', () =>
    spec
      .given([])
      .when(record({ weightsDigest: 'sha256:AB' }))
      .thenFails('INPUT.INVALID_DIGEST'));

  it.each<[string, Partial<RecordTrainingDataProvenance['data']>]>([
    ['no sources', { sources: [] }],
    ['a duplicate source id', { sources: [web, web] }],
    ['a bad source id', { sources: [{ ...web, sourceId: 'Web Crawl' }] }],
    ['an unknown basis', { sources: [{ ...web, legalBasis: 'FAIR_USE' as never }] }],
    ['a bad dataset digest', { sources: [{ ...web, digest: 'md5:abc' }] }],
    ['a blank name', { sources: [{ ...web, name: '  ' }] }],
    ['a blank location', { sources: [{ ...web, location: '' }] }],
    ['a too long basis reference', { sources: [{ ...web, basisReference: 'x'.repeat(501) }] }],
  ])('refuses %s', (_what, over) => spec.given([]).when(record(over)).thenFails('PROVENANCE.INVALID'));
});
