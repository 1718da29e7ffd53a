import { demoTokens, DemoTokens, digest, registerPearlChatVersion } from './support/fixtures';
import { RunningRegistry } from './support/registry';

const LOCALIZATION = `id: modelId version status weightsDigest hostingJurisdiction facility custodian attestedBy history { type data actor { subject role actingFor } }`;
const RECORD_LOCALIZATION = `mutation($input: RecordWeightsLocalizationInput!) { recordWeightsLocalization(input: $input) { ${LOCALIZATION} } }`;
const GET_LOCALIZATION = `query($m: ID!, $v: String!) { weightsLocalization(modelId: $m, version: $v) { ${LOCALIZATION} } }`;
const BASIS = `id modelId status originJurisdiction destinationJurisdiction mechanism filingReference filingDate dataScope history { type data position }`;
const RECORD_BASIS = `mutation($input: RecordDataTransferBasisInput!) { recordDataTransferBasis(input: $input) { ${BASIS} } }`;
const RECORD_EVIDENCE = `mutation($input: RecordConditionEvidenceInput!) { recordConditionEvidence(input: $input) { equivalenceId modelId version evidencedConditionIds history { type actor { role } } } }`;
const VERDICT = `query($input: ExportReadinessInput!) { exportReadiness(input: $input) { status lines { requirement { requirementId } status reason } } }`;

const D11 = digest('1');

describe('records over HTTP: weights localisation, data-transfer bases, condition evidence (demo catalog)', () => {
  let registry: RunningRegistry;
  let tokens: DemoTokens;

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
    tokens = await demoTokens(registry);
    // Setup: a second, uncertified version of pearl-chat (the model mutations are tested in their own suite).
    await registerPearlChatVersion(registry, '1.1', D11);
  });
  afterAll(() => registry.stop());

  const place = {
    modelId: 'pearl-chat',
    version: '1.1',
    weightsDigest: D11,
    hostingJurisdiction: 'CN',
    facility: 'Qianhai DC-3',
    custodian: 'Pearl Ops',
    attestedBy: 'HK Certification Body (demo)',
  };

  describe('recordWeightsLocalization', () => {
    it('lets the owning firm record where a version’s weights live, and shows it the restricted fields', async () => {
      const r = await registry.gql(RECORD_LOCALIZATION, { input: place }, tokens.owner);
      expect(r.errors).toBeUndefined();
      expect(r.data.recordWeightsLocalization).toMatchObject({
        status: 'RECORDED',
        hostingJurisdiction: 'CN',
        facility: 'Qianhai DC-3',
        custodian: 'Pearl Ops',
      });
      expect(r.data.recordWeightsLocalization.history).toEqual([
        expect.objectContaining({ type: 'WeightsLocalisationRecorded', actor: { subject: 'pearl-admin', role: 'FIRM', actingFor: 'pearl-river-gen' } }),
      ]);
    });

    it('hides facility and custodian, in the record and in its history, from those not entitled', async () => {
      for (const [who, token, entitled] of [
        ['anonymous', undefined, false],
        ['another firm', tokens.otherFirm, false],
        ['a certifier of another version only', tokens.certifier, false],
        ['a regulator', tokens.regulator, true],
        ['the registrar', tokens.registrar, true],
        ['the owner', tokens.owner, true],
      ] as const) {
        const r = await registry.gql(GET_LOCALIZATION, { m: 'pearl-chat', v: '1.1' }, token);
        const record = r.data.weightsLocalization;
        expect([who, record.facility, record.custodian, record.history[0].data.facility]).toEqual(
          entitled ? [who, 'Qianhai DC-3', 'Pearl Ops', 'Qianhai DC-3'] : [who, null, null, null],
        );
        expect(record.hostingJurisdiction).toBe('CN');
      }
      // The certifier of 1.0 (demo) is entitled for 1.0.
      expect((await registry.gql(GET_LOCALIZATION, { m: 'pearl-chat', v: '1.0' }, tokens.certifier)).data.weightsLocalization.facility).toBe(
        'CN data centre (demo)',
      );
    });

    it('refuses anyone but the owner, a second record, an unknown version and bad input', async () => {
      await registry.refused(() => registry.gql(RECORD_LOCALIZATION, { input: { ...place, version: '1.0' } }), 'UNAUTHENTICATED/AUTH.REQUIRED');
      for (const token of [tokens.otherFirm, tokens.registrar, tokens.regulator, tokens.certifier])
        await registry.refused(
          () => registry.gql(RECORD_LOCALIZATION, { input: { ...place, version: '1.0' } }, token),
          'FORBIDDEN/LOCALISATION.NOT_MODEL_OWNER',
        );
      await registry.refused(() => registry.gql(RECORD_LOCALIZATION, { input: place }, tokens.owner), 'CONFLICT/LOCALISATION.ALREADY_RECORDED');
      await registry.refused(
        () => registry.gql(RECORD_LOCALIZATION, { input: { ...place, version: '7.0' } }, tokens.owner),
        'NOT_FOUND/LOCALISATION.MODEL_VERSION_NOT_FOUND',
      );
      for (const [field, value] of [
        ['weightsDigest', 'sha256:abc'],
        ['hostingJurisdiction', 'China'],
        ['facility', ''],
        ['version', 'v 1'],
      ] as const) {
        const r = await registry.refused(
          () => registry.gql(RECORD_LOCALIZATION, { input: { ...place, [field]: value } }, tokens.owner),
          'BAD_USER_INPUT/INPUT.INVALID',
        );
        expect(r.errors[0].message).toContain(field);
      }
    });

    it('returns null for a version never localised', async () => {
      expect((await registry.gql(GET_LOCALIZATION, { m: 'creditscope', v: '9.9' })).data.weightsLocalization).toBeNull();
    });
  });

  describe('recordDataTransferBasis', () => {
    const gba = {
      basisId: 'pearl-gba-2026',
      modelId: 'pearl-chat',
      originJurisdiction: 'CN',
      destinationJurisdiction: 'HK',
      mechanism: 'GBA_STANDARD_CONTRACT',
      filingReference: 'GD-CAC-2026-000123',
      filingDate: '2026-06-10T00:00:00Z',
      dataScope: 'Customer-service transcripts, pseudonymised',
      idempotencyKey: 'basis-1',
    };

    it('records a GBA Standard Contract basis, which then satisfies China’s cross-border requirement directly', async () => {
      const cn = { modelId: 'pearl-chat', version: '1.0', jurisdiction: 'CN', useCase: 'chatbot' };
      const before = (await registry.gql(VERDICT, { input: cn })).data.exportReadiness.lines.find((l: any) => l.requirement.requirementId === 'CN-XB-TRANSFER');
      expect(before).toMatchObject({ status: 'GAP', reason: 'TRANSFER_BASIS_MISSING' });
      const r = await registry.gql(RECORD_BASIS, { input: gba }, tokens.owner);
      expect(r.errors).toBeUndefined();
      expect(r.data.recordDataTransferBasis).toMatchObject({
        id: 'pearl-gba-2026',
        status: 'RECORDED',
        mechanism: 'GBA_STANDARD_CONTRACT',
        filingReference: 'GD-CAC-2026-000123',
      });
      const after = (await registry.gql(VERDICT, { input: cn })).data.exportReadiness.lines;
      expect(after.find((l: any) => l.requirement.requirementId === 'CN-XB-TRANSFER')).toMatchObject({
        status: 'SATISFIED',
        reason: 'SATISFIED_BY_TRANSFER_BASIS',
      });
      expect(after.find((l: any) => l.requirement.requirementId === 'CN-LOC')).toMatchObject({ status: 'SATISFIED', reason: 'SATISFIED_BY_LOCALISATION' });
      // The readiness list was recomputed for the model's versions too (a transfer basis is a model-level record).
      const status = (await registry.gql(VERDICT, { input: cn })).data.exportReadiness.status;
      const listed = await registry.gql(
        `query($s: ReadinessStatus) { exportReadyModels(jurisdiction: "CN", useCase: "chatbot", status: $s) { edges { node { modelId computedAt } } } }`,
        { s: status },
      );
      const row = listed.data.exportReadyModels.edges.find((e: any) => e.node.modelId === 'pearl-chat').node;
      const [txid, pos] = row.computedAt.split('.').map(BigInt);
      const [rtxid, rpos] = r.data.recordDataTransferBasis.history[0].position.split('.').map(BigInt);
      expect(txid > rtxid || (txid === rtxid && pos >= rpos)).toBe(true);
    });

    it('answers a replay with the same idempotency key without writing, and hides the filing reference from the public', async () => {
      await refusedNothing(() => registry.gql(RECORD_BASIS, { input: gba }, tokens.owner));
      const anonymous = await registry.gql(`{ dataTransferBasis(id: "pearl-gba-2026") { filingReference history { data } } }`);
      expect(anonymous.data.dataTransferBasis.filingReference).toBeNull();
      expect(anonymous.data.dataTransferBasis.history[0].data.filingReference).toBeNull();
    });

    it('refuses other actors, GBA contracts outside the GBA or without filing, and bad input', async () => {
      const fresh = { ...gba, basisId: 'pearl-2', idempotencyKey: undefined };
      await registry.refused(() => registry.gql(RECORD_BASIS, { input: fresh }), 'UNAUTHENTICATED/AUTH.REQUIRED');
      for (const token of [tokens.otherFirm, tokens.registrar, tokens.certifier, tokens.regulator])
        await registry.refused(() => registry.gql(RECORD_BASIS, { input: fresh }, token), 'FORBIDDEN/TRANSFER_BASIS.NOT_MODEL_OWNER');
      await registry.refused(
        () => registry.gql(RECORD_BASIS, { input: { ...fresh, destinationJurisdiction: 'SG' } }, tokens.owner),
        'BAD_USER_INPUT/TRANSFER_BASIS.OUTSIDE_GBA',
      );
      await registry.refused(
        () => registry.gql(RECORD_BASIS, { input: { ...fresh, filingReference: null } }, tokens.owner),
        'BAD_USER_INPUT/TRANSFER_BASIS.FILING_REQUIRED',
      );
      await registry.refused(
        () => registry.gql(RECORD_BASIS, { input: { ...fresh, basisId: 'pearl-gba-2026' } }, tokens.owner),
        'CONFLICT/TRANSFER_BASIS.ALREADY_RECORDED',
      );
      await registry.refused(
        () => registry.gql(RECORD_BASIS, { input: { ...fresh, modelId: 'no-such-model' } }, tokens.owner),
        'NOT_FOUND/TRANSFER_BASIS.MODEL_NOT_FOUND',
      );
      const bad = await registry.gql(RECORD_BASIS, { input: { ...fresh, mechanism: 'HANDSHAKE' } }, tokens.owner);
      expect(bad.errors!.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('recordConditionEvidence', () => {
    const sg = { modelId: 'pearl-chat', version: '1.0', jurisdiction: 'SG', useCase: 'chatbot' };
    const evidence = {
      equivalenceId: 'eq-hk06-sg-dim2',
      conditionId: 'C1',
      modelId: 'pearl-chat',
      version: '1.0',
      evidence: 'PDPA data protection impact assessment, sha256:' + 'e'.repeat(64),
    };

    it('turns a CONDITIONAL line SATISFIED once the owning firm evidences the condition', async () => {
      const dim2 = async () =>
        (await registry.gql(VERDICT, { input: sg })).data.exportReadiness.lines.find((l: any) => l.requirement.requirementId === 'DIM-2');
      expect(await dim2()).toMatchObject({ status: 'CONDITIONAL', reason: 'PARTIAL_EQUIVALENCE_CONDITIONS_UNMET' });
      const r = await registry.gql(RECORD_EVIDENCE, { input: evidence }, tokens.owner);
      expect(r.data.recordConditionEvidence).toMatchObject({
        evidencedConditionIds: ['C1'],
        history: [{ type: 'ConditionEvidenceRecorded', actor: { role: 'FIRM' } }],
      });
      expect(await dim2()).toMatchObject({ status: 'SATISFIED', reason: 'PARTIAL_EQUIVALENCE_EVIDENCED' });
    });

    it('lets a certifier of the version record evidence too', async () => {
      const r = await registry.gql(RECORD_EVIDENCE, { input: { ...evidence, equivalenceId: 'eq-hk06-cn-genai7' } }, tokens.certifier);
      expect(r.errors).toBeUndefined();
      expect(r.data.recordConditionEvidence.history[0].actor.role).toBe('CERTIFIER');
    });

    it('refuses others, unknown conditions and equivalences, repeats and bad input', async () => {
      const other = { ...evidence, equivalenceId: 'eq-hk02-cn-lbl-implicit' };
      await registry.refused(() => registry.gql(RECORD_EVIDENCE, { input: other }), 'UNAUTHENTICATED/AUTH.REQUIRED');
      for (const token of [tokens.otherFirm, tokens.otherCertifier, tokens.registrar, tokens.regulator])
        await registry.refused(() => registry.gql(RECORD_EVIDENCE, { input: other }, token), 'FORBIDDEN/EVIDENCE.NOT_OWNER_OR_CERTIFIER');
      await registry.refused(() => registry.gql(RECORD_EVIDENCE, { input: evidence }, tokens.owner), 'CONFLICT/EVIDENCE.ALREADY_RECORDED');
      await registry.refused(
        () => registry.gql(RECORD_EVIDENCE, { input: { ...other, conditionId: 'C9' } }, tokens.owner),
        'BAD_USER_INPUT/EVIDENCE.UNKNOWN_CONDITION',
      );
      await registry.refused(
        () => registry.gql(RECORD_EVIDENCE, { input: { ...other, equivalenceId: 'eq-none' } }, tokens.owner),
        'NOT_FOUND/EVIDENCE.EQUIVALENCE_NOT_FOUND',
      );
      await registry.refused(() => registry.gql(RECORD_EVIDENCE, { input: { ...other, evidence: ' ' } }, tokens.owner), 'BAD_USER_INPUT/INPUT.INVALID');
    });
  });

  /** A replay answers without error and writes nothing. */
  async function refusedNothing(send: () => Promise<any>) {
    const before = await registry.eventCount();
    const r = await send();
    expect(r.errors).toBeUndefined();
    expect(await registry.eventCount()).toBe(before);
  }
});
