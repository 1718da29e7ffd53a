import { RunningRegistry } from './support/registry';

/**
 * Histories are public, but what ties an event to a person (the actor's subject) or to a client's requests
 * (correlation and causation ids) is shown to authenticated callers only; role and actingFor stay public.
 */
const HISTORY = `history { eventId type streamVersion correlationId causationId data actor { subject role actingFor } }`;
const FIRM = `query($id: ID!) { firm(id: $id) { id ${HISTORY} } }`;
const CERTIFICATION = `query($id: ID!) { certification(id: $id) { id auditReportDigest ${HISTORY} certifier { id ${HISTORY} } } }`;

interface HistoryEntry {
  eventId: string;
  type: string;
  correlationId: string | null;
  causationId: string | null;
  data: Record<string, unknown>;
  actor: { subject: string | null; role: string; actingFor: string | null };
}

describe('history: what anonymous and authenticated callers see (demo catalog)', () => {
  let registry: RunningRegistry;
  let registrar: string;
  let otherFirm: string;
  let certificationId: string;

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true });
    registrar = await registry.token('REGISTRAR', 'registrar-hk');
    otherFirm = await registry.token('FIRM', 'globex-admin', 'globex');
    const registered = await registry.gql(
      `mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { id ${HISTORY} } }`,
      { input: { firmId: 'visible-co', name: 'Visible Co', jurisdiction: 'HK' } },
      registrar,
      { 'x-correlation-id': 'corr-visible-1' },
    );
    expect(registered.errors).toBeUndefined();
    // The writer's own answer is an authenticated view.
    expect(registered.data.registerFirm.history[0]).toMatchObject({ correlationId: 'corr-visible-1', actor: { subject: 'registrar-hk', role: 'REGISTRAR' } });
    const page = await registry.gql(`{ certifications(first: 1) { edges { node { id } } } }`);
    certificationId = page.data.certifications.edges[0].node.id;
  });
  afterAll(() => registry.stop());

  const historyOf = async (query: string, id: string, token?: string) => {
    const r = await registry.gql(query, { id }, token);
    expect(r.errors).toBeUndefined();
    return r.data;
  };

  const expectPublicView = (history: HistoryEntry[]) => {
    expect(history.length).toBeGreaterThan(0);
    for (const event of history) {
      expect(event).toMatchObject({ correlationId: null, causationId: null, actor: { subject: null } });
      expect(event.actor.role).toMatch(/^(REGISTRAR|CERTIFIER|REGULATOR|FIRM|SYSTEM)$/);
      expect(event.eventId).toEqual(expect.any(String));
    }
  };

  const expectAuthenticatedView = (history: HistoryEntry[]) => {
    expect(history.length).toBeGreaterThan(0);
    for (const event of history) {
      expect(event.actor.subject).toEqual(expect.any(String));
      expect(event.correlationId).toEqual(expect.any(String));
    }
  };

  it('a firm: anonymous callers see what happened, the role and whom it acted for, but no subject or request ids', async () => {
    const anonymous = (await historyOf(FIRM, 'visible-co')).firm.history as HistoryEntry[];
    expectPublicView(anonymous);
    expect(anonymous[0]).toMatchObject({
      type: 'FirmRegistered',
      actor: { role: 'REGISTRAR', actingFor: null },
      data: { firmId: 'visible-co', name: 'Visible Co' },
    });
  });

  it('a firm: any authenticated caller (here another firm) sees the subject and the request ids', async () => {
    const authenticated = (await historyOf(FIRM, 'visible-co', otherFirm)).firm.history as HistoryEntry[];
    expectAuthenticatedView(authenticated);
    expect(authenticated[0]).toMatchObject({
      correlationId: 'corr-visible-1',
      causationId: expect.any(String),
      actor: { subject: 'registrar-hk', role: 'REGISTRAR', actingFor: null },
    });
  });

  it('a certification and its certifier (a nested, batched history): public view for anonymous callers, full for authenticated', async () => {
    const anonymous = (await historyOf(CERTIFICATION, certificationId)).certification;
    expectPublicView(anonymous.history);
    expectPublicView(anonymous.certifier.history);
    expect(anonymous.history[0]).toMatchObject({ type: 'CertificationIssued', actor: { role: 'CERTIFIER', actingFor: anonymous.certifier.id } });
    // Restricted payload fields keep their own rule (entitlement), independent of this one.
    expect(anonymous.auditReportDigest).toBeNull();
    expect(anonymous.history[0].data.auditReportDigest).toBeNull();

    const authenticated = (await historyOf(CERTIFICATION, certificationId, otherFirm)).certification;
    expectAuthenticatedView(authenticated.history);
    expectAuthenticatedView(authenticated.certifier.history);
    expect(authenticated.history.map((e: HistoryEntry) => e.eventId)).toEqual(anonymous.history.map((e: HistoryEntry) => e.eventId));
    // Another firm is authenticated, not entitled: it sees who, not the restricted digest.
    expect(authenticated.history[0].data.auditReportDigest).toBeNull();
    const registrarView = (await historyOf(CERTIFICATION, certificationId, registrar)).certification;
    expect(registrarView.history[0].data.auditReportDigest).toEqual(expect.stringMatching(/^sha256:/));
  });
});
