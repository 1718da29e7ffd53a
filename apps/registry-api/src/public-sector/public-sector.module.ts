import { Module } from '@nestjs/common';
import { PublicSectorProjection } from './public-sector.projection';
import { BaselineController } from './baseline.controller';
import { AssignAuditorResolver } from './commands/assign-auditor/assign-auditor.resolver';
import { OpenAuditCampaignResolver } from './commands/open-audit-campaign/open-audit-campaign.resolver';
import { RecordAuditOutcomeResolver } from './commands/record-audit-outcome/record-audit-outcome.resolver';
import { RegisterPublicSectorSystemResolver } from './commands/register-public-sector-system/register-public-sector-system.resolver';
import { PublicSectorQueryHandlers } from './queries/public-sector.queries';
import { AuditCampaignFieldsResolver, PublicSectorQueryResolver, PublicSectorSystemFieldsResolver } from './queries/public-sector.resolver';
import { PublicSectorRepository } from './public-sector.repository';

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
  providers: [PublicSectorProjection, PublicSectorRepository, ...PublicSectorQueryHandlers, ...Resolvers],
})
export class PublicSectorModule {}
