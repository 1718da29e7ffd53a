import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { CertificationView } from '../../certification.view';
import { GetCertificationQuery } from '../../queries/get-certification/get-certification.query';
import { RevokeCertificationCommand } from './revoke-certification.command';
import { RevokeCertificationInput } from './revoke-certification.input';

@Resolver('Certification')
export class RevokeCertificationResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('revokeCertification')
  async revokeCertification(@Args('input') input: RevokeCertificationInput, @RequestCtx() ctx: RequestContext): Promise<CertificationView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new RevokeCertificationCommand(data, commandMetadata(ctx, idempotencyKey)));
    return this.queries.execute(GetCertificationQuery.required(data.certificationId, ctx.actor, written.position));
  }
}
