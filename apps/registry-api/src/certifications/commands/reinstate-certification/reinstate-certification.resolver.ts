import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { CertificationView } from '../../certification.view';
import { GetCertificationQuery } from '../../queries/get-certification/get-certification.query';
import { ReinstateCertificationCommand } from './reinstate-certification.command';
import { ReinstateCertificationInput } from './reinstate-certification.input';

@Resolver('Certification')
export class ReinstateCertificationResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('reinstateCertification')
  async reinstateCertification(@Args('input') input: ReinstateCertificationInput, @RequestCtx() ctx: RequestContext): Promise<CertificationView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new ReinstateCertificationCommand(data, commandMetadata(ctx, idempotencyKey)));
    return this.queries.execute(GetCertificationQuery.required(data.certificationId, ctx.actor, written.position));
  }
}
