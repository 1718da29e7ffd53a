import { Module } from '@nestjs/common';
import { FirmProjection } from './firm.projection';
import { RegisterFirmResolver } from './commands/register-firm/register-firm.resolver';
import { RenameFirmResolver } from './commands/rename-firm/rename-firm.resolver';
import { GetFirmHandler } from './queries/get-firm/get-firm.handler';
import { GetFirmResolver } from './queries/get-firm/get-firm.resolver';
import { ListFirmsHandler } from './queries/list-firms/list-firms.handler';
import { ListFirmsResolver } from './queries/list-firms/list-firms.resolver';
import { FirmFieldsResolver } from './firm-fields.resolver';

const QueryHandlers = [GetFirmHandler, ListFirmsHandler];
const Resolvers = [RegisterFirmResolver, RenameFirmResolver, GetFirmResolver, ListFirmsResolver, FirmFieldsResolver];

/** Firms: registration by the registrar, renames (declared commands, run by the one SpecCommandHandler), and the firms read model's queries. */
@Module({ providers: [FirmProjection, ...QueryHandlers, ...Resolvers] })
export class FirmsModule {}
