import { ArrayMaxSize, IsArray, IsString, Length, Matches } from 'class-validator';
import { OpenAuditCampaignInput as Contract } from '@registry/contract';
import { CAMPAIGN_LIST_MAX } from '@registry/domain';
import { IsInstant } from '../../../frameworks/framework.input-rules';
import { IsIdempotencyKey, IsLine, IsSingleLine } from '../../../graphql/input-rules';
import { IsPublicSectorId, IsPublicSectorIdList } from '../../public-sector.input-rules';

export class OpenAuditCampaignInput implements Contract {
  @IsPublicSectorId('campaignId') campaignId!: string;
  @IsLine('title', 200) title!: string;
  @IsInstant('deadline') deadline!: Date;
  @IsArray({ message: 'bureaus must be a list' })
  @ArrayMaxSize(CAMPAIGN_LIST_MAX, { message: `bureaus must hold at most ${CAMPAIGN_LIST_MAX} entries` })
  @IsString({ each: true, message: 'bureaus must hold names' })
  @Length(1, 200, { each: true, message: 'bureaus must hold names of 1 to 200 characters' })
  @Matches(/\S/, { each: true, message: 'bureaus must not hold blank names' })
  @IsSingleLine('bureaus', { each: true, message: 'bureaus must hold names of one line: no line breaks, tabs or other control characters' })
  bureaus!: string[];
  @IsPublicSectorIdList('systemIds') systemIds!: string[];
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
