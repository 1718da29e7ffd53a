import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { CertificationView } from '../../certification.view';
import { GetCertificationQuery } from '../../queries/get-certification/get-certification.query';
import { SuspendCertificationCommand } from './suspend-certification.command';
import { SuspendCertificationInput } from './suspend-certification.input';

@Resolver('Certification')
export class SuspendCertificationResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('suspendCertification')
  async suspendCertification(@Args('input') input: SuspendCertificationInput, @RequestCtx() ctx: RequestContext): Promise<CertificationView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new SuspendCertificationCommand(data, commandMetadata(ctx, idempotencyKey)));
    return this.queries.execute(GetCertificationQuery.required(data.certificationId, ctx.actor, written.position));
  }
}
