import { EventStore, LOG_START, LogPosition, maxPosition, openEventStore, SqlExecutor, StoreHandle } from '@registry/event-store';
import { metadata } from '@registry/event-store/testing/event-store.contract';
import { Actor, fold } from '@registry/kernel';
import {
  AuditCampaignCommand,
  auditCampaignDecider,
  AuditCampaignEvent,
  auditCampaignStreamId,
  publicSectorSystemDecider,
  PublicSectorSystemEvent,
  publicSectorSystemStreamId,
} from '@registry/domain';
import { ProjectionRunner } from '@registry/projections';
import { PublicSectorProjection } from './public-sector.projection';

const registrar: Actor = { subject: 'registrar', role: 'REGISTRAR' };
const auditor: Actor = { subject: 'cb-1', role: 'CERTIFIER', scope: 'cb-1' };
const AREAS = ['HIRING', 'TRANSPORT', 'BENEFITS', 'OTHER'] as const;
const at = (day: number) => new Date(Date.UTC(2026, 0, 1 + day)).toISOString();

/** Systems and campaigns written through the real deciders (refused steps are skipped, as the shell would refuse them). */
const writeLog = async (store: EventStore): Promise<LogPosition> => {
  let head = LOG_START;
  const decideAndAppend = async <C, E extends PublicSectorSystemEvent | AuditCampaignEvent, S>(
    streamId: string,
    decider: { initialState(): S; evolve(s: S, e: E): S; decide(c: C, s: S): E[] },
    command: C,
  ) => {
    const { version, events } = await store.readStream(streamId);
    try {
      const decided = decider.decide(
        command,
        fold(
          decider,
          events.map((e) => ({ type: e.type, data: e.data }) as E),
        ),
      );
      head = maxPosition(head, (await store.appendToStream(streamId, decided, { expectedVersion: version, metadata: metadata() })).position);
    } catch {
      // refused: nothing written
    }
  };
  const registered: { systemId: string; bureau: string }[] = [];
  for (let i = 0; i < 12; i++) {
    const systemId = `sys-${String(i).padStart(2, '0')}`;
    const bureau = `Bureau ${i % 3}`;
    await decideAndAppend(publicSectorSystemStreamId(systemId), publicSectorSystemDecider, {
      type: 'RegisterPublicSectorSystem',
      actor: registrar,
      issuedAt: at(i),
      data: {
        systemId,
        bureau,
        name: `System ${i}`,
        description: 'Does things.',
        decisionArea: AREAS[i % AREAS.length],
        phase: 'PRODUCTION',
        inUseSince: at(0),
        websiteUrl: null,
        publicContact: 'ai@gov.hk',
        model: null,
        details: {
          team: 't',
          seniorResponsibleOwner: 'o',
          externalSupplier: null,
          humanReview: 'h',
          dataSources: 'd',
          risksAndMitigations: 'r',
          impactAssessments: null,
        },
        context: { modelVersionExists: null },
      },
    });
    registered.push({ systemId, bureau });
  }
  for (let c = 0; c < 3; c++) {
    const campaignId = `camp-${c}`;
    const steps: AuditCampaignCommand[] = [
      {
        type: 'OpenAuditCampaign',
        actor: registrar,
        issuedAt: at(20 + c),
        data: { campaignId, title: `C${c}`, deadline: at(60 + c * 30), scope: { bureaus: [`Bureau ${c}`], systemIds: [] }, context: { registered } },
      },
      {
        type: 'AssignAuditor',
        actor: registrar,
        issuedAt: at(25 + c),
        data: {
          campaignId,
          certifierId: 'cb-1',
          systemIds: registered
            .filter((s) => s.bureau === `Bureau ${c}`)
            .slice(0, 3)
            .map((s) => s.systemId),
          context: { accreditationInForce: true },
        },
      },
      ...registered
        .filter((s) => s.bureau === `Bureau ${c}`)
        .slice(0, c + 1)
        .map((s, k): AuditCampaignCommand => ({
          type: 'RecordAuditOutcome',
          actor: auditor,
          issuedAt: at(30 + c + k),
          data: {
            campaignId,
            systemId: s.systemId,
            riskRating: 'LOW',
            findings: [{ title: 'f', risk: k % 2 ? 'MEDIUM' : 'LOW' }],
            remediation: null,
            remediationDueAt: null,
            reportDigest: 'sha256:' + 'a'.repeat(64),
            context: { accreditationInForce: true },
          },
        })),
    ];
    for (const step of steps) await decideAndAppend(auditCampaignStreamId(campaignId), auditCampaignDecider, step);
  }
  return head;
};

const rows = async (db: SqlExecutor) => ({
  systems: (await db.query('SELECT * FROM rm_ps_systems ORDER BY system_id')).rows,
  campaigns: (await db.query<{ campaign_id: string; state: { outcomes: object } }>('SELECT campaign_id, state FROM rm_ps_campaigns ORDER BY campaign_id')).rows,
});

describe('public-sector read model (PGlite)', () => {
  let handle: StoreHandle;
  beforeEach(async () => {
    handle = await openEventStore({ kind: 'pglite' });
  });
  afterEach(() => handle.close());

  it('holds each system’s and campaign’s fold of its stream; a rebuild from 0 gives the same rows', async () => {
    const runner = new ProjectionRunner(handle, [new PublicSectorProjection()], { batchSize: 5, pollIntervalMs: 20 });
    await runner.start();
    const written = await writeLog(handle.store);
    await runner.waitFor(written);
    const live = await rows(handle.readModels);
    expect(live.systems).toHaveLength(12);
    expect(live.campaigns).toHaveLength(3);
    for (const { campaign_id, state } of live.campaigns) {
      const { events } = await handle.store.readStream(auditCampaignStreamId(campaign_id));
      // JSONB reorders keys: compare by value.
      expect(state).toEqual(
        JSON.parse(
          JSON.stringify(
            fold(
              auditCampaignDecider,
              events.map((e) => ({ type: e.type, data: e.data }) as AuditCampaignEvent),
            ),
          ),
        ),
      );
    }
    expect(live.campaigns.map((c) => Object.keys(c.state.outcomes).length)).toEqual([1, 2, 3]);

    await runner.rebuild('public-sector');
    await runner.waitFor(written);
    expect(await rows(handle.readModels)).toEqual(live);
    await runner.stop();
  });
});
