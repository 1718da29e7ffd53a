import { ArrayNotEmpty } from 'class-validator';
import { AssignAuditorInput as Contract } from '@registry/contract';
import { IsCertifierId } from '../../../certifiers/certifier.input-rules';
import { IsIdempotencyKey } from '../../../graphql/input-rules';
import { IsPublicSectorId, IsPublicSectorIdList } from '../../public-sector.input-rules';

export class AssignAuditorInput implements Contract {
  @IsPublicSectorId('campaignId') campaignId!: string;
  @IsCertifierId() certifierId!: string;
  @IsPublicSectorIdList('systemIds') @ArrayNotEmpty({ message: 'systemIds must name at least one system' }) systemIds!: string[];
  @IsIdempotencyKey() idempotencyKey?: string | null;
}
