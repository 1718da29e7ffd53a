import { errorCodes, RunningRegistry } from './support/registry';

const VERDICT = `query($input: ExportReadinessInput!) { exportReadiness(input: $input) {
  modelId version jurisdiction useCase asOf computedAt status blocker modelVersionDeprecated validUntil
  frameworks { framework version }
  lines { requirement { framework version requirementId title } status reason unmetConditions { equivalenceId conditionId text }
          via { equivalenceId hkRequirementId certificationId } evidence { eventId position type } }
  integrity { code subject evidence { eventId } } } }`;

describe('exportReadiness over HTTP (embedded store, demo catalog)', () => {
  let registry: RunningRegistry;
  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
  });
  afterAll(() => registry.stop());

  const ask = (input: Record<string, unknown>, token?: string) => registry.gql(VERDICT, { input }, token);
  const chatbotEu = { modelId: 'pearl-chat', version: '1.0', jurisdiction: 'EU', useCase: 'chatbot' };
  const lendingEu2028 = { modelId: 'creditscope', version: '2.1', jurisdiction: 'EU', useCase: 'lending', asOf: '2027-12-15T00:00:00Z' };

  it('answers READY for an EU chatbot today, anonymously, with the evidence and the position it was computed at', async () => {
    const r = await ask(chatbotEu);
    expect(r.errors).toBeUndefined();
    const v = r.data.exportReadiness;
    expect(v).toMatchObject({
      status: 'READY',
      blocker: null,
      frameworks: [{ framework: 'EU-AI-ACT', version: '2024/1689-ART50' }],
      validUntil: '2027-12-02T00:00:00.000Z',
    });
    expect(v.lines).toHaveLength(1);
    expect(v.lines[0]).toMatchObject({
      requirement: { requirementId: 'ART-50' },
      status: 'SATISFIED',
      reason: 'FULL_EQUIVALENCE',
      via: { equivalenceId: 'eq-hk02-eu-art50', hkRequirementId: 'HK-AI-02', certificationId: 'pearl-chat-1-0-hkai' },
    });
    expect(v.lines[0].evidence.map((e: { type: string }) => e.type)).toEqual([
      'FrameworkVersionPublished',
      'EquivalenceProposed',
      'EquivalenceCountersigned',
      'CertificationIssued',
    ]);
    expect(v.computedAt).toMatch(/^\d+\.\d+$/);
  });

  it('gives the same answer forever for the same knownAt, even after the log grows', async () => {
    const first = (await ask(chatbotEu)).data.exportReadiness;
    const registrar = await registry.token('REGISTRAR', 'registrar-hk');
    await registry.gql(`mutation { registerFirm(input: { firmId: "later-firm", name: "Later Ltd", jurisdiction: "HK" }) { id } }`, {}, registrar);
    const again = (await ask({ ...chatbotEu, asOf: first.asOf, knownAt: first.computedAt })).data.exportReadiness;
    expect(again).toEqual(first);
    const now = (await ask({ ...chatbotEu, asOf: first.asOf })).data.exportReadiness;
    expect(now.computedAt).not.toBe(first.computedAt);
  });

  it('answers as the registry knew it at knownAt: before the certification was issued there was nothing to rely on', async () => {
    const ready = (await ask(chatbotEu)).data.exportReadiness;
    const issued = ready.lines[0].evidence.find((e: { type: string }) => e.type === 'CertificationIssued');
    const [txid, position] = issued.position.split('.');
    const justBefore = `${txid}.${BigInt(position) - 1n}`; // the log order is (transaction, position)
    const before = (await ask({ ...chatbotEu, asOf: ready.asOf, knownAt: justBefore })).data.exportReadiness;
    expect(before).toMatchObject({ status: 'NOT_READY', computedAt: justBefore, blocker: null });
    expect(before.lines[0]).toMatchObject({ status: 'GAP', reason: 'CERTIFICATION_MISSING' });
    // Earlier still, the model itself was unknown.
    const proposed = ready.lines[0].evidence.find((e: { type: string }) => e.type === 'EquivalenceProposed');
    expect((await ask({ ...chatbotEu, knownAt: proposed.position })).data.exportReadiness).toMatchObject({ blocker: 'MODEL_VERSION_NOT_FOUND' });
  });

  it('judges the rules in force at asOf: EU lending once the high-risk articles apply is NOT_READY, line by line', async () => {
    const v = (await ask(lendingEu2028)).data.exportReadiness;
    expect(v.status).toBe('NOT_READY');
    expect(v.frameworks).toEqual([{ framework: 'EU-AI-ACT', version: '2024/1689-HR' }]);
    const byId = Object.fromEntries(v.lines.map((l: { requirement: { requirementId: string } }) => [l.requirement.requirementId, l]));
    expect(byId['ART-14']).toMatchObject({ status: 'SATISFIED', reason: 'FULL_EQUIVALENCE' });
    expect(byId['ART-10']).toMatchObject({ status: 'CONDITIONAL', reason: 'PARTIAL_EQUIVALENCE_CONDITIONS_UNMET' });
    expect(byId['ART-10'].unmetConditions.map((c: { conditionId: string }) => c.conditionId)).toEqual(['C1', 'C2']);
    expect(byId['ART-13']).toMatchObject({ status: 'GAP', reason: 'EQUIVALENCE_NOT_COUNTERSIGNED' });
    expect(byId['ART-11']).toMatchObject({ status: 'GAP', reason: 'NO_EQUIVALENCE', via: null });
    // Today the same model has no applicable EU requirement (the high-risk articles do not apply yet).
    const today = (await ask({ ...lendingEu2028, asOf: undefined })).data.exportReadiness;
    expect(today).toMatchObject({ status: 'READY', lines: [] });
  });

  it('judges Hong Kong on the HK-AI Standard itself: a requirement the certification passed is met by it, with no equivalence', async () => {
    const v = (await ask({ modelId: 'pearl-chat', version: '1.0', jurisdiction: 'HK', useCase: 'chatbot' })).data.exportReadiness;
    expect(v.frameworks).toEqual([{ framework: 'HK-AI', version: expect.any(String) }]);
    const byCertification = v.lines.filter((l: { reason: string }) => l.reason === 'SATISFIED_BY_CERTIFICATION');
    expect(byCertification.length).toBeGreaterThan(0);
    for (const line of byCertification) {
      expect(line).toMatchObject({ status: 'SATISFIED', via: null });
      expect(line.evidence.map((e: { type: string }) => e.type)).toEqual(['FrameworkVersionPublished', 'CertificationIssued']);
    }
    expect(v.lines.filter((l: { reason: string }) => l.reason === 'NO_EQUIVALENCE')).toEqual([]);
    // A requirement met by a record (the sandbox, provenance) is judged on that record alone.
    for (const line of v.lines.filter((l: { requirement: { requirementId: string } }) => ['HK-AI-05', 'HK-AI-06'].includes(l.requirement.requirementId)))
      expect(line.reason).not.toBe('SATISFIED_BY_CERTIFICATION');
  });

  it('names what blocks a judgement instead of guessing', async () => {
    expect((await ask({ ...chatbotEu, version: '9.9' })).data.exportReadiness).toMatchObject({ status: 'NOT_READY', blocker: 'MODEL_VERSION_NOT_FOUND' });
    expect((await ask({ ...chatbotEu, jurisdiction: 'BR' })).data.exportReadiness).toMatchObject({ status: 'NOT_READY', blocker: 'NO_FRAMEWORK_IN_FORCE' });
    expect((await ask({ ...chatbotEu, asOf: '2024-01-01T00:00:00Z' })).data.exportReadiness).toMatchObject({ blocker: 'NO_FRAMEWORK_IN_FORCE' });
  });

  it('answers every role the same public verdict', async () => {
    const firm = await registry.token('FIRM', 'pearl-admin', 'pearl-river-gen');
    const regulator = await registry.token('REGULATOR', 'eu-ai-office', 'EU');
    const anonymous = (await ask(chatbotEu)).data.exportReadiness;
    for (const token of [firm, regulator])
      expect((await ask({ ...chatbotEu, asOf: anonymous.asOf, knownAt: anonymous.computedAt }, token)).data.exportReadiness).toEqual(anonymous);
  });

  it.each([
    [{ ...chatbotEu, jurisdiction: 'eu' }, 'BAD_USER_INPUT/INPUT.INVALID', 'jurisdiction'],
    [{ ...chatbotEu, useCase: 'Chat Bot' }, 'BAD_USER_INPUT/INPUT.INVALID', 'useCase'],
    [{ ...chatbotEu, modelId: 'Pearl Chat' }, 'BAD_USER_INPUT/INPUT.INVALID', 'modelId'],
    [{ ...chatbotEu, knownAt: '999999999.999999999' }, 'BAD_USER_INPUT/VERDICT.KNOWN_AT_AHEAD_OF_LOG', 'knownAt'],
  ])('refuses %o: %s', async (input, code, field) => {
    const r = await ask(input);
    expect(errorCodes(r)).toEqual([code]);
    expect(r.errors![0].message).toContain(field);
  });

  it.each([
    [{ ...chatbotEu, asOf: 'tomorrow' }, 'DateTime'],
    [{ ...chatbotEu, knownAt: 'latest' }, 'LogPosition'],
  ])('refuses malformed scalars %o before judging', async (input, scalar) => {
    const r = await ask(input);
    expect(r.errors!.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].message).toContain(scalar);
  });
});
