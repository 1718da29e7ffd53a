import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { CertificationView } from '../../certification.view';
import { GetCertificationQuery } from '../../queries/get-certification/get-certification.query';
import { RenewCertificationCommand } from './renew-certification.command';
import { RenewCertificationInput } from './renew-certification.input';

@Resolver('Certification')
export class RenewCertificationResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('renewCertification')
  async renewCertification(@Args('input') input: RenewCertificationInput, @RequestCtx() ctx: RequestContext): Promise<CertificationView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new RenewCertificationCommand(data, commandMetadata(ctx, idempotencyKey)));
    return this.queries.execute(GetCertificationQuery.required(data.certificationId, ctx.actor, written.position));
  }
}
