import { CommandBus } from '@nestjs/cqrs';
import { Actor, CommandMetadata } from '@registry/kernel';
import { DecisionArea, SystemPhase } from '@registry/contract';
import { AssignAuditorCommand } from './commands/assign-auditor/assign-auditor.command';
import { OpenAuditCampaignCommand } from './commands/open-audit-campaign/open-audit-campaign.command';
import { RecordAuditOutcomeCommand } from './commands/record-audit-outcome/record-audit-outcome.command';
import { RegisterPublicSectorSystemCommand } from './commands/register-public-sector-system/register-public-sector-system.command';

const details = (team: string, owner: string) => ({
  team,
  seniorResponsibleOwner: owner,
  externalSupplier: null,
  humanReview: 'An officer reviews every output before a decision; the person affected is told and may ask for a review (demo).',
  dataSources: 'Administrative records of the department, 2019 to 2025 (demo).',
  risksAndMitigations: 'Indirect discrimination through proxies; monitored monthly by outcome rates per group (demo).',
  impactAssessments: null,
});

/** A small, illustrative public-sector baseline: three systems of two bureaus, one campaign, one audited. Not real systems. */
const DEMO_SYSTEMS = [
  {
    systemId: 'ld-job-match',
    bureau: 'Labour Department (demo)',
    name: 'Job matching (demo)',
    description: 'Ranks vacancies for registered job seekers.',
    decisionArea: DecisionArea.HIRING,
  },
  {
    systemId: 'ld-enquiry-bot',
    bureau: 'Labour Department (demo)',
    name: 'Enquiry chatbot (demo)',
    description: 'Answers questions on employment law.',
    decisionArea: DecisionArea.PUBLIC_INFORMATION,
  },
  {
    systemId: 'hd-allocation',
    bureau: 'Housing Department (demo)',
    name: 'Flat allocation triage (demo)',
    description: 'Flags public-housing applications for priority review.',
    decisionArea: DecisionArea.HOUSING,
  },
];

/** Registers the demo systems, opens a campaign due in 90 days, assigns the demo certifier and records one outcome. */
export const seedDemoPublicSector = async (
  commands: CommandBus,
  meta: (actor: Actor, key: string) => CommandMetadata,
  registrar: Actor,
  certifier: Actor & { scope: string },
): Promise<void> => {
  for (const s of DEMO_SYSTEMS)
    await commands.execute(
      new RegisterPublicSectorSystemCommand(
        {
          ...s,
          phase: SystemPhase.PRODUCTION,
          inUseSince: new Date('2025-01-01T00:00:00Z'),
          websiteUrl: null,
          publicContact: 'ai-transparency@example.gov.hk',
          model: null,
          details: details(`${s.bureau} analytics team`, 'Assistant Director (demo)'),
        },
        meta(registrar, `public-system:${s.systemId}`),
      ),
    );
  const campaignId = 'baseline-demo';
  const deadline = new Date(Date.now() + 90 * 86_400_000).toISOString();
  await commands.execute(
    new OpenAuditCampaignCommand(
      {
        campaignId,
        title: 'Public-sector AI baseline (demo)',
        deadline,
        scope: { bureaus: DEMO_SYSTEMS.map((s) => s.bureau).filter((b, i, all) => all.indexOf(b) === i), systemIds: [] },
      },
      meta(registrar, `campaign:${campaignId}`),
    ),
  );
  await commands.execute(
    new AssignAuditorCommand(
      { campaignId, certifierId: certifier.scope, systemIds: ['hd-allocation', 'ld-job-match'] },
      meta(registrar, `campaign:${campaignId}:assign`),
    ),
  );
  await commands.execute(
    new RecordAuditOutcomeCommand(
      {
        campaignId,
        systemId: 'ld-job-match',
        riskRating: 'MEDIUM',
        findings: [
          { title: 'Years of experience acts as an age proxy in the ranking', risk: 'MEDIUM' },
          { title: 'No notice to job seekers that ranking is automated', risk: 'LOW' },
        ],
        remediation: 'Cap the experience feature; add a notice to the job-seeker portal',
        remediationDueAt: new Date(Date.now() + 180 * 86_400_000).toISOString(),
        reportDigest: `sha256:${'d'.repeat(64)}`,
      },
      meta(certifier, `campaign:${campaignId}:outcome:ld-job-match`),
    ),
  );
};
