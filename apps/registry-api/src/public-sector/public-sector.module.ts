import { Module } from '@nestjs/common';
import { BaselineController } from './baseline.controller';
import { AssignAuditorHandler } from './commands/assign-auditor/assign-auditor.handler';
import { AssignAuditorResolver } from './commands/assign-auditor/assign-auditor.resolver';
import { CampaignShell } from './commands/campaign-command';
import { OpenAuditCampaignHandler } from './commands/open-audit-campaign/open-audit-campaign.handler';
import { OpenAuditCampaignResolver } from './commands/open-audit-campaign/open-audit-campaign.resolver';
import { RecordAuditOutcomeHandler } from './commands/record-audit-outcome/record-audit-outcome.handler';
import { RecordAuditOutcomeResolver } from './commands/record-audit-outcome/record-audit-outcome.resolver';
import { RegisterPublicSectorSystemHandler } from './commands/register-public-sector-system/register-public-sector-system.handler';
import { RegisterPublicSectorSystemResolver } from './commands/register-public-sector-system/register-public-sector-system.resolver';
import { PublicSectorQueryHandlers } from './queries/public-sector.queries';
import { AuditCampaignFieldsResolver, PublicSectorQueryResolver, PublicSectorSystemFieldsResolver } from './queries/public-sector.resolver';
import { PublicSectorRepository } from './public-sector.repository';

const CommandHandlers = [RegisterPublicSectorSystemHandler, OpenAuditCampaignHandler, AssignAuditorHandler, RecordAuditOutcomeHandler];
const Resolvers = [
  RegisterPublicSectorSystemResolver,
  OpenAuditCampaignResolver,
  AssignAuditorResolver,
  RecordAuditOutcomeResolver,
  PublicSectorQueryResolver,
  PublicSectorSystemFieldsResolver,
  AuditCampaignFieldsResolver,
];

/**
 * Public-sector AI systems (ATRS transparency records), audit campaigns and the public baseline. The read
 * model (PublicSectorProjection) is registered with the projection runner in CoreModule.
 */
@Module({
  controllers: [BaselineController],
  providers: [PublicSectorRepository, CampaignShell, ...CommandHandlers, ...PublicSectorQueryHandlers, ...Resolvers],
})
export class PublicSectorModule {}
