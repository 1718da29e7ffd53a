import { demoDigest } from '../../apps/registry-api/src/demo/demo-catalog';
import { demoTokens, DemoTokens, digest } from './support/fixtures';
import { GraphQLResponse, RunningRegistry } from './support/registry';

const LOCALIZATION = `modelId version status weightsDigest hostingJurisdiction facility custodian attestedBy history { type data actor { role } }`;
const RECORD_LOCALIZATION = `mutation($input: RecordWeightsLocalizationInput!) { recordWeightsLocalization(input: $input) { ${LOCALIZATION} } }`;
const RELOCATE = `mutation($input: RelocateWeightsInput!) { relocateWeights(input: $input) { ${LOCALIZATION} } }`;
const WITHDRAW_LOCALIZATION = `mutation($input: WithdrawWeightsLocalizationInput!) { withdrawWeightsLocalization(input: $input) { ${LOCALIZATION} } }`;
const BASIS = `id modelId status filingReference history { type data actor { role } }`;
const RECORD_BASIS = `mutation($input: RecordDataTransferBasisInput!) { recordDataTransferBasis(input: $input) { ${BASIS} } }`;
const WITHDRAW_BASIS = `mutation($input: WithdrawDataTransferBasisInput!) { withdrawDataTransferBasis(input: $input) { ${BASIS} } }`;
const GET_BASIS = `query($id: ID!) { dataTransferBasis(id: $id) { ${BASIS} } }`;
const EVIDENCE = `equivalenceId modelId version evidencedConditionIds history { type data actor { role } }`;
const RECORD_EVIDENCE = `mutation($input: RecordConditionEvidenceInput!) { recordConditionEvidence(input: $input) { ${EVIDENCE} } }`;
const WITHDRAW_EVIDENCE = `mutation($input: WithdrawConditionEvidenceInput!) { withdrawConditionEvidence(input: $input) { ${EVIDENCE} } }`;
const VERDICT = `query($input: ExportReadinessInput!) { exportReadiness(input: $input) { status lines { requirement { requirementId } status reason } integrity { code subject } } }`;
const READY_LIST = `query($j: String!, $u: String!, $s: ReadinessStatus) { exportReadyModels(jurisdiction: $j, useCase: $u, status: $s) { edges { node { modelId version status } } } }`;

/** pearl-chat 1.1: registered by the suite, never certified, so nothing but its owner may read its restricted data. */
const D11 = digest('1');
const WRONG = digest('f');

type Tokens = DemoTokens;

describe('correcting records over HTTP: relocate and withdraw localisations, withdraw transfer bases and condition evidence (demo catalog)', () => {
  let registry: RunningRegistry;
  let tokens: Tokens;

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
    // hkcb-demo certified pearl-chat 1.0 (and creditscope 2.1) in the demo; cb-999 certified nothing of pearl-chat.
    tokens = await demoTokens(registry);
    const registered = await registry.gql(
      `mutation($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { id } }`,
      {
        input: { modelId: 'pearl-chat', version: '1.1', weightsDigest: D11 },
      },
      tokens.owner,
    );
    expect(registered.errors).toBeUndefined();
  });
  afterAll(() => registry.stop());

  const ok = async <T = any>(send: Promise<GraphQLResponse<T>>): Promise<T> => {
    const r = await send;
    expect(r.errors).toBeUndefined();
    return r.data!;
  };

  /** A retry under the same idempotency key answers as the first time and appends nothing. */
  const replays = async (send: () => Promise<GraphQLResponse>, first: unknown) => {
    const before = await registry.eventCount();
    const again = await send();
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(first);
    expect(await registry.eventCount()).toBe(before);
  };

  /** Every role but `allowed` is refused `forbidden`, anonymous is UNAUTHENTICATED, and none of them appends. */
  const refusesAllBut = async (send: (token?: string) => Promise<GraphQLResponse>, allowed: (keyof Tokens)[], forbidden: string) => {
    await registry.refused(() => send(), 'UNAUTHENTICATED/AUTH.REQUIRED');
    for (const role of (Object.keys(tokens) as (keyof Tokens)[]).filter((r) => !allowed.includes(r)))
      await registry.refused(() => send(tokens[role]), forbidden);
  };

  const verdict = async (input: Record<string, string>) => (await ok(registry.gql(VERDICT, { input }))).exportReadiness;
  const line = (v: { lines: { requirement: { requirementId: string } }[] }, id: string) => v.lines.find((l) => l.requirement.requirementId === id);

  describe('relocateWeights', () => {
    const place = {
      modelId: 'pearl-chat',
      version: '1.1',
      weightsDigest: D11,
      hostingJurisdiction: 'CN',
      facility: 'Qianhai DC-3',
      custodian: 'Pearl Ops',
      attestedBy: 'Pearl compliance',
    };
    const move = {
      modelId: 'pearl-chat',
      version: '1.1',
      hostingJurisdiction: 'HK',
      facility: 'Tseung Kwan O DC-1',
      custodian: 'Harbour Hosting Ltd',
      attestedBy: 'Pearl compliance',
    };

    beforeAll(async () => {
      await ok(registry.gql(RECORD_LOCALIZATION, { input: place }, tokens.owner));
    });

    it('refuses everyone but the owning firm, appending nothing', async () => {
      await refusesAllBut((token) => registry.gql(RELOCATE, { input: move }, token), ['owner'], 'FORBIDDEN/LOCALISATION.NOT_MODEL_OWNER');
    });

    it.each([
      ['hostingJurisdiction', 'Hong Kong'],
      ['facility', ''],
      ['custodian', 'x'.repeat(201)],
      ['attestedBy', '   '],
      ['modelId', 'Pearl Chat'],
      ['version', 'v 1'],
      ['idempotencyKey', ''],
    ])('refuses bad input #%# in %s, naming the field', async (field, value) => {
      await registry.refusedNaming(() => registry.gql(RELOCATE, { input: { ...move, [field]: value } }, tokens.owner), field);
    });

    it('takes no digest: the same weights move, so a digest is not part of the input', async () => {
      const before = await registry.eventCount();
      const r = await registry.gql(RELOCATE, { input: { ...move, weightsDigest: D11 } }, tokens.owner);
      expect(r.errors!.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0].message).toContain('weightsDigest');
      expect(await registry.eventCount()).toBe(before);
    });

    it('answers NOT_FOUND for a version with no localisation record', async () => {
      await registry.refused(() => registry.gql(RELOCATE, { input: { ...move, version: '9.9' } }, tokens.owner), 'NOT_FOUND/LOCALISATION.NOT_FOUND');
    });

    it('lets the owner move the weights: new place, same digest, the relocation in the history; a replay writes nothing', async () => {
      const send = () => registry.gql(RELOCATE, { input: { ...move, idempotencyKey: 'relocate-1.1-hk' } }, tokens.owner);
      const first = await ok(send());
      expect(first.relocateWeights).toMatchObject({ ...move, status: 'RECORDED', weightsDigest: D11 });
      expect(first.relocateWeights.history.map((e: { type: string; actor: { role: string } }) => [e.type, e.actor.role])).toEqual([
        ['WeightsLocalisationRecorded', 'FIRM'],
        ['WeightsRelocated', 'FIRM'],
      ]);
      await replays(send, first);
    });

    it('refuses a relocation to where the weights already are', async () => {
      await registry.refused(() => registry.gql(RELOCATE, { input: move }, tokens.owner), 'CONFLICT/LOCALISATION.UNCHANGED');
    });

    it('hides the new facility and custodian from those not entitled, in the answer and the history', async () => {
      const r = await ok(registry.gql(`query { weightsLocalization(modelId: "pearl-chat", version: "1.1") { ${LOCALIZATION} } }`, {}, tokens.certifier));
      expect(r.weightsLocalization).toMatchObject({ hostingJurisdiction: 'HK', facility: null, custodian: null });
      expect(r.weightsLocalization.history[1].data).toMatchObject({ hostingJurisdiction: 'HK', facility: null, custodian: null });
    });
  });

  describe('withdrawWeightsLocalization', () => {
    const ref = { modelId: 'pearl-chat', version: '1.1' };
    const withdrawal = { ...ref, reason: 'Recorded against the wrong facility' };

    it('refuses everyone but the owning firm and the registrar, appending nothing', async () => {
      await refusesAllBut(
        (token) => registry.gql(WITHDRAW_LOCALIZATION, { input: withdrawal }, token),
        ['owner', 'registrar'],
        'FORBIDDEN/LOCALISATION.NOT_MODEL_OWNER',
      );
    });

    it.each([
      ['reason', ''],
      ['reason', ' '],
      ['reason', 'r'.repeat(501)],
      ['modelId', 'pearl chat'],
      ['version', ''],
    ])('refuses bad input #%# in %s, naming the field', async (field, value) => {
      await registry.refusedNaming(() => registry.gql(WITHDRAW_LOCALIZATION, { input: { ...withdrawal, [field]: value } }, tokens.owner), field);
    });

    it('answers NOT_FOUND for a version with no localisation record', async () => {
      await registry.refused(
        () => registry.gql(WITHDRAW_LOCALIZATION, { input: { ...withdrawal, version: '9.9' } }, tokens.owner),
        'NOT_FOUND/LOCALISATION.NOT_FOUND',
      );
    });

    it('lets the owner withdraw the record; a replay writes nothing; a second withdrawal and a relocation are CONFLICTs', async () => {
      const send = () => registry.gql(WITHDRAW_LOCALIZATION, { input: { ...withdrawal, idempotencyKey: 'withdraw-1.1' } }, tokens.owner);
      const first = await ok(send());
      expect(first.withdrawWeightsLocalization).toMatchObject({ ...ref, status: 'WITHDRAWN', hostingJurisdiction: null, facility: null });
      expect(first.withdrawWeightsLocalization.history.at(-1)).toMatchObject({
        type: 'LocalisationWithdrawn',
        data: { reason: withdrawal.reason },
        actor: { role: 'FIRM' },
      });
      await replays(send, first);
      await registry.refused(() => registry.gql(WITHDRAW_LOCALIZATION, { input: withdrawal }, tokens.owner), 'CONFLICT/LOCALISATION.ALREADY_WITHDRAWN');
      await registry.refused(() => registry.gql(WITHDRAW_LOCALIZATION, { input: withdrawal }, tokens.registrar), 'CONFLICT/LOCALISATION.ALREADY_WITHDRAWN');
      const move = { ...ref, hostingJurisdiction: 'CN', facility: 'Qianhai DC-3', custodian: 'Pearl Ops', attestedBy: 'Pearl compliance' };
      await registry.refused(() => registry.gql(RELOCATE, { input: move }, tokens.owner), 'CONFLICT/LOCALISATION.WITHDRAWN');
    });

    it('lets the owner record anew after a withdrawal, and the registrar withdraw that record', async () => {
      const place = { ...ref, weightsDigest: D11, hostingJurisdiction: 'CN', facility: 'Nansha DC-2', custodian: 'Pearl Ops', attestedBy: 'Pearl compliance' };
      expect((await ok(registry.gql(RECORD_LOCALIZATION, { input: place }, tokens.owner))).recordWeightsLocalization).toMatchObject({
        status: 'RECORDED',
        facility: 'Nansha DC-2',
      });
      const r = await ok(registry.gql(WITHDRAW_LOCALIZATION, { input: { ...withdrawal, reason: 'Facility licence lapsed' } }, tokens.registrar));
      expect(r.withdrawWeightsLocalization.status).toBe('WITHDRAWN');
      expect(r.withdrawWeightsLocalization.history.at(-1)).toMatchObject({ type: 'LocalisationWithdrawn', actor: { role: 'REGISTRAR' } });
    });
  });

  describe('a wrong digest is corrected and the verdict recovers', () => {
    // CN has a localisation requirement (CN-LOC); EU chatbot is READY in the demo, and an integrity finding turns any verdict NOT_READY.
    const cn = { modelId: 'pearl-chat', version: '1.0', jurisdiction: 'CN', useCase: 'chatbot' };
    const eu = { ...cn, jurisdiction: 'EU' };
    const ref = { modelId: 'pearl-chat', version: '1.0' };
    const place = {
      ...ref,
      hostingJurisdiction: 'CN',
      facility: 'CN data centre (demo)',
      custodian: 'pearl-river-gen infrastructure team',
      attestedBy: 'HK Certification Body (demo)',
    };
    const listedReadyForEu = async () =>
      (await ok(registry.gql(READY_LIST, { j: 'EU', u: 'chatbot', s: 'READY' }))).exportReadyModels.edges.some(
        (e: { node: { modelId: string; version: string } }) => e.node.modelId === 'pearl-chat' && e.node.version === '1.0',
      );

    it('NOT_READY with the integrity finding while the record names another digest; SATISFIED again once corrected', async () => {
      const start = await verdict(cn);
      expect(line(start, 'CN-LOC')).toMatchObject({ status: 'SATISFIED', reason: 'SATISFIED_BY_LOCALISATION' });
      expect(start.integrity).toEqual([]);
      const euStart = await verdict(eu);
      expect(euStart.status).toBe('READY');
      expect(await listedReadyForEu()).toBe(true);

      // Relocating out of the mainland, then back, moves the line with it.
      await ok(registry.gql(RELOCATE, { input: { ...place, hostingJurisdiction: 'SG', facility: 'Jurong DC-5' } }, tokens.owner));
      expect(line(await verdict(cn), 'CN-LOC')).toMatchObject({ status: 'GAP', reason: 'LOCALISATION_ELSEWHERE' });
      // The certifier of 1.0 is entitled to the restricted fields of 1.0's relocation, in the record and its history.
      const seen = (await ok(registry.gql(`query { weightsLocalization(modelId: "pearl-chat", version: "1.0") { ${LOCALIZATION} } }`, {}, tokens.certifier)))
        .weightsLocalization;
      expect([seen.facility, seen.history.at(-1).type, seen.history.at(-1).data.facility]).toEqual(['Jurong DC-5', 'WeightsRelocated', 'Jurong DC-5']);
      await ok(registry.gql(RELOCATE, { input: place }, tokens.owner));
      expect(line(await verdict(cn), 'CN-LOC')).toMatchObject({ status: 'SATISFIED', reason: 'SATISFIED_BY_LOCALISATION' });

      // The wrong digest: withdraw the record and record one naming other weights.
      await ok(registry.gql(WITHDRAW_LOCALIZATION, { input: { ...ref, reason: 'Re-recording' } }, tokens.owner));
      expect(line(await verdict(cn), 'CN-LOC')).toMatchObject({ status: 'GAP', reason: 'LOCALISATION_MISSING' });
      await ok(registry.gql(RECORD_LOCALIZATION, { input: { ...place, weightsDigest: WRONG } }, tokens.owner));
      const wrong = await verdict(cn);
      expect(wrong.status).toBe('NOT_READY');
      expect(wrong.integrity).toEqual([{ code: 'LOCALISATION_DIGEST_MISMATCH', subject: 'pearl-chat/1.0' }]);
      expect(line(wrong, 'CN-LOC')).toMatchObject({ status: 'GAP', reason: 'LOCALISATION_DIGEST_MISMATCH' });
      expect(await verdict(eu)).toMatchObject({ status: 'NOT_READY', integrity: [{ code: 'LOCALISATION_DIGEST_MISMATCH', subject: 'pearl-chat/1.0' }] });
      expect(await listedReadyForEu()).toBe(false);

      // A relocation moves the same weights: it keeps the digest and so cannot correct it.
      const moved = await ok(registry.gql(RELOCATE, { input: { ...place, facility: 'Qianhai DC-3' } }, tokens.owner));
      expect(moved.relocateWeights.weightsDigest).toBe(WRONG);
      expect(line(await verdict(cn), 'CN-LOC')).toMatchObject({ status: 'GAP', reason: 'LOCALISATION_DIGEST_MISMATCH' });

      // Withdrawing the wrong record and recording the version's own digest is the correction.
      await ok(registry.gql(WITHDRAW_LOCALIZATION, { input: { ...ref, reason: 'Recorded with the wrong weights digest' } }, tokens.owner));
      await ok(registry.gql(RECORD_LOCALIZATION, { input: { ...place, weightsDigest: demoDigest('pearl-chat@1.0') } }, tokens.owner));
      expect(await verdict(cn)).toEqual(start);
      expect(await verdict(eu)).toEqual(euStart);
      expect(await listedReadyForEu()).toBe(true);
    });
  });

  describe('withdrawDataTransferBasis', () => {
    const gba = {
      modelId: 'pearl-chat',
      originJurisdiction: 'CN',
      destinationJurisdiction: 'HK',
      mechanism: 'GBA_STANDARD_CONTRACT',
      filingReference: 'GD-CAC-2026-000777',
      filingDate: '2026-06-10T00:00:00Z',
      dataScope: 'Customer-service transcripts, pseudonymised',
    };
    const withdrawal = { basisId: 'pearl-gba-fix', reason: 'Filed under the wrong reference' };

    beforeAll(async () => {
      for (const basisId of ['pearl-gba-fix', 'pearl-gba-spare']) await ok(registry.gql(RECORD_BASIS, { input: { ...gba, basisId } }, tokens.owner));
    });

    it('shows the filing reference to a certifier of one of the model’s versions, not to another certifier', async () => {
      for (const [who, token, entitled] of [
        ['the certifier of pearl-chat 1.0', tokens.certifier, true],
        ['a certifier of none of its versions', tokens.otherCertifier, false],
        ['another firm', tokens.otherFirm, false],
        ['anonymous', undefined, false],
        ['the owner', tokens.owner, true],
        ['a regulator', tokens.regulator, true],
      ] as const) {
        const basis = (await ok(registry.gql(GET_BASIS, { id: 'pearl-gba-fix' }, token))).dataTransferBasis;
        const shown = entitled ? gba.filingReference : null;
        expect([who, basis.filingReference, basis.history[0].data.filingReference]).toEqual([who, shown, shown]);
      }
    });

    it('refuses everyone but the owning firm and the registrar, appending nothing', async () => {
      await refusesAllBut(
        (token) => registry.gql(WITHDRAW_BASIS, { input: withdrawal }, token),
        ['owner', 'registrar'],
        'FORBIDDEN/TRANSFER_BASIS.NOT_MODEL_OWNER',
      );
    });

    it.each([
      ['basisId', 'Pearl GBA'],
      ['basisId', 'x'],
      ['reason', ''],
      ['reason', 'r'.repeat(501)],
    ])('refuses bad input #%# in %s, naming the field', async (field, value) => {
      await registry.refusedNaming(() => registry.gql(WITHDRAW_BASIS, { input: { ...withdrawal, [field]: value } }, tokens.owner), field);
    });

    it('answers NOT_FOUND for an unknown basis', async () => {
      await registry.refused(
        () => registry.gql(WITHDRAW_BASIS, { input: { ...withdrawal, basisId: 'no-such-basis' } }, tokens.owner),
        'NOT_FOUND/TRANSFER_BASIS.NOT_FOUND',
      );
    });

    it('lets the owner withdraw it for good: a replay writes nothing, a second withdrawal is a CONFLICT, the verdict loses it', async () => {
      const cn = { modelId: 'pearl-chat', version: '1.0', jurisdiction: 'CN', useCase: 'chatbot' };
      expect(line(await verdict(cn), 'CN-XB-TRANSFER')).toMatchObject({ status: 'SATISFIED', reason: 'SATISFIED_BY_TRANSFER_BASIS' });
      const send = () => registry.gql(WITHDRAW_BASIS, { input: { ...withdrawal, idempotencyKey: 'withdraw-basis-fix' } }, tokens.owner);
      const first = await ok(send());
      expect(first.withdrawDataTransferBasis).toMatchObject({ id: 'pearl-gba-fix', status: 'WITHDRAWN', filingReference: gba.filingReference });
      expect(first.withdrawDataTransferBasis.history.map((e: { type: string; actor: { role: string } }) => [e.type, e.actor.role])).toEqual([
        ['DataTransferBasisRecorded', 'FIRM'],
        ['DataTransferBasisWithdrawn', 'FIRM'],
      ]);
      await replays(send, first);
      await registry.refused(() => registry.gql(WITHDRAW_BASIS, { input: withdrawal }, tokens.owner), 'CONFLICT/TRANSFER_BASIS.ALREADY_WITHDRAWN');
      // The spare basis still stands; once the registrar withdraws it too, nothing covers the transfer.
      expect(line(await verdict(cn), 'CN-XB-TRANSFER')).toMatchObject({ status: 'SATISFIED' });
      const byRegistrar = await ok(registry.gql(WITHDRAW_BASIS, { input: { ...withdrawal, basisId: 'pearl-gba-spare' } }, tokens.registrar));
      expect(byRegistrar.withdrawDataTransferBasis.history.at(-1)).toMatchObject({ type: 'DataTransferBasisWithdrawn', actor: { role: 'REGISTRAR' } });
      expect(line(await verdict(cn), 'CN-XB-TRANSFER')).toMatchObject({ status: 'GAP', reason: 'TRANSFER_BASIS_MISSING' });
    });
  });

  describe('withdrawConditionEvidence', () => {
    const sg = { modelId: 'pearl-chat', version: '1.0', jurisdiction: 'SG', useCase: 'chatbot' };
    const ref = { equivalenceId: 'eq-hk06-sg-dim2', conditionId: 'C1', modelId: 'pearl-chat', version: '1.0' };
    const withdrawal = { ...ref, reason: 'The assessment covered another dataset' };
    const record = (token: string, equivalenceId = ref.equivalenceId) =>
      ok(registry.gql(RECORD_EVIDENCE, { input: { ...ref, equivalenceId, evidence: 'PDPA impact assessment, sha256:' + 'e'.repeat(64) } }, token));

    beforeAll(async () => {
      await record(tokens.owner);
    });

    it('refuses everyone but the owning firm, a certifier of the version and the registrar, appending nothing', async () => {
      await refusesAllBut(
        (token) => registry.gql(WITHDRAW_EVIDENCE, { input: withdrawal }, token),
        ['owner', 'certifier', 'registrar'],
        'FORBIDDEN/EVIDENCE.NOT_OWNER_OR_CERTIFIER',
      );
    });

    it.each([
      ['equivalenceId', 'EQ 1'],
      ['conditionId', 'C 1'],
      ['modelId', 'Pearl'],
      ['version', 'v 1'],
      ['reason', ''],
    ])('refuses bad input #%# in %s, naming the field', async (field, value) => {
      await registry.refusedNaming(() => registry.gql(WITHDRAW_EVIDENCE, { input: { ...withdrawal, [field]: value } }, tokens.owner), field);
    });

    it('answers NOT_FOUND for a condition with no evidence standing', async () => {
      await registry.refused(
        () => registry.gql(WITHDRAW_EVIDENCE, { input: { ...withdrawal, conditionId: 'C2' } }, tokens.owner),
        'NOT_FOUND/EVIDENCE.NOT_FOUND',
      );
      await registry.refused(() => registry.gql(WITHDRAW_EVIDENCE, { input: { ...withdrawal, version: '1.1' } }, tokens.owner), 'NOT_FOUND/EVIDENCE.NOT_FOUND');
    });

    it('lets the owner withdraw it: the line turns CONDITIONAL again, a replay writes nothing, a second withdrawal finds nothing', async () => {
      expect(line(await verdict(sg), 'DIM-2')).toMatchObject({ status: 'SATISFIED', reason: 'PARTIAL_EQUIVALENCE_EVIDENCED' });
      const send = () => registry.gql(WITHDRAW_EVIDENCE, { input: { ...withdrawal, idempotencyKey: 'withdraw-dim2-c1' } }, tokens.owner);
      const first = await ok(send());
      expect(first.withdrawConditionEvidence).toMatchObject({
        equivalenceId: ref.equivalenceId,
        modelId: ref.modelId,
        version: ref.version,
        evidencedConditionIds: [],
      });
      expect(first.withdrawConditionEvidence.history.map((e: { type: string; actor: { role: string } }) => [e.type, e.actor.role])).toEqual([
        ['ConditionEvidenceRecorded', 'FIRM'],
        ['ConditionEvidenceWithdrawn', 'FIRM'],
      ]);
      expect(line(await verdict(sg), 'DIM-2')).toMatchObject({ status: 'CONDITIONAL', reason: 'PARTIAL_EQUIVALENCE_CONDITIONS_UNMET' });
      await replays(send, first);
      // The domain answers a second withdrawal NOT_FOUND: once withdrawn, no evidence stands for the condition.
      await registry.refused(() => registry.gql(WITHDRAW_EVIDENCE, { input: withdrawal }, tokens.owner), 'NOT_FOUND/EVIDENCE.NOT_FOUND');
    });

    it('lets the certifier of the version withdraw evidence it recorded, and the registrar any', async () => {
      await record(tokens.certifier, 'eq-hk06-cn-genai7');
      const byCertifier = await ok(registry.gql(WITHDRAW_EVIDENCE, { input: { ...withdrawal, equivalenceId: 'eq-hk06-cn-genai7' } }, tokens.certifier));
      expect(
        byCertifier.withdrawConditionEvidence.history.map((e: { actor: { role: string }; data: { withdrawnBy?: string } }) => [
          e.actor.role,
          e.data.withdrawnBy,
        ]),
      ).toEqual([
        ['CERTIFIER', undefined],
        ['CERTIFIER', 'CERTIFIER'],
      ]);
      await record(tokens.owner);
      const byRegistrar = await ok(registry.gql(WITHDRAW_EVIDENCE, { input: withdrawal }, tokens.registrar));
      expect(byRegistrar.withdrawConditionEvidence.evidencedConditionIds).toEqual([]);
      expect(byRegistrar.withdrawConditionEvidence.history.at(-1)).toMatchObject({ data: { withdrawnBy: 'REGISTRAR' }, actor: { role: 'REGISTRAR' } });
    });
  });
});
